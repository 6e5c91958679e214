using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Tests.TestData;

namespace Portal.Tests.Domain.Access;

public sealed class RoleServiceTests
{
    private readonly InMemoryAccessStore _store = new();
    private readonly RoleService _roles;

    public RoleServiceTests() => _roles = new RoleService(_store, new RoleInputValidator(_store), new RecordingAuditTrail());

    private static RoleInput Role(string name, params Permission[] permissions) =>
        new() { Name = name, Description = "test", Permissions = [.. permissions.Select(p => p.Name)] };

    [Fact]
    public async Task Create_RoleWithAPermissionTheActorLacks_IsRefused()
    {
        var actor = Actors.With(Permissions.MemberManage);

        var result = await _roles.CreateAsync(actor, Role("Editors", Permissions.SettingsManage));

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Contains("Settings:Manage", result.Message);
        Assert.DoesNotContain((await _store.GetRolesAsync()), r => r.Name == "Editors");
    }

    [Fact]
    public async Task Create_RoleWithinTheActorsPowers_IsAllowed()
    {
        var actor = Actors.With(Permissions.MemberManage);

        var result = await _roles.CreateAsync(actor, Role("Member admins", Permissions.MemberView));

        Assert.True(result.IsSuccess, result.Message);
        Assert.Contains(await _store.GetRolesAsync(), r => r.Name == "Member admins" && r.Permissions.SetEquals(["Member:View"]));
    }

    [Fact]
    public async Task Create_WithoutMemberManage_IsRefused() =>
        Assert.Equal(ResultStatus.Forbidden, (await _roles.CreateAsync(Actors.For(BuiltInRoles.Viewer), Role("X"))).Status);

    [Theory]
    [InlineData("", "Enter a role name.")]
    [InlineData("owner", "'owner' is a built-in role: choose another name.")]
    public async Task Create_BadName_IsRefusedOnTheNameField(string name, string message)
    {
        var result = await _roles.CreateAsync(Actors.Owner, Role(name));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(message, Assert.Single(result.Errors, e => e.Field == "Name").Message);
    }

    [Fact]
    public async Task Create_DuplicateName_IsRefused()
    {
        await _roles.CreateAsync(Actors.Owner, Role("Editors"));

        var result = await _roles.CreateAsync(Actors.Owner, Role("EDITORS"));

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task Update_AddingAPermissionTheActorLacks_IsRefused()
    {
        var id = (await _roles.CreateAsync(Actors.Owner, Role("Readers", Permissions.MemberView))).Value!;
        var input = Role("Readers", Permissions.MemberView, Permissions.SettingsManage);
        input.Id = id;

        var result = await _roles.UpdateAsync(Actors.With(Permissions.MemberManage), input);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.True((await _store.FindRoleAsync(id))!.Permissions.SetEquals(["Member:View"]));
    }

    [Fact]
    public async Task Update_RemovingAPermissionFromAMorePowerfulHolder_IsRefused()
    {
        // C holds R1 {Member:Manage} and R2 {Settings:Manage}; D holds only Member:Manage.
        var r1 = (await _roles.CreateAsync(Actors.Owner, Role("R1", Permissions.MemberManage))).Value!;
        var r2 = (await _roles.CreateAsync(Actors.Owner, Role("R2", Permissions.SettingsManage))).Value!;
        var r3 = (await _roles.CreateAsync(Actors.Owner, Role("R3", Permissions.MemberManage))).Value!;
        _store.AddUser("c", enabled: true, r1, r2);
        var d = _store.ActorOf(_store.AddUser("d", enabled: true, r3));
        var input = Role("R1");
        input.Id = r1;

        var result = await _roles.UpdateAsync(d, input);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.True((await _store.FindRoleAsync(r1))!.Permissions.SetEquals(["Member:Manage"]));
    }

    [Fact]
    public async Task Update_RemovingAPermission_WhenTheActorOutranksEveryHolder_IsAllowed()
    {
        var r1 = (await _roles.CreateAsync(Actors.Owner, Role("R1", Permissions.MemberView, Permissions.SettingsView))).Value!;
        _store.AddUser("c", enabled: true, r1);
        var input = Role("R1", Permissions.MemberView);
        input.Id = r1;

        Assert.True((await _roles.UpdateAsync(Actors.Owner, input)).IsSuccess);
    }

    [Fact]
    public async Task Update_BuiltInRole_IsRefused()
    {
        var input = Role("Auditor", Permissions.AuditView, Permissions.SettingsManage);
        input.Id = BuiltInRoles.Auditor.Id;

        var result = await _roles.UpdateAsync(Actors.Owner, input);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.True((await _store.FindRoleAsync("auditor"))!.Permissions.SetEquals(BuiltInRoles.Auditor.Permissions));
    }

    [Fact]
    public async Task Delete_BuiltInRole_IsRefused()
    {
        var result = await _roles.DeleteAsync(Actors.Owner, BuiltInRoles.Viewer.Id);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.True(_store.RoleExists(BuiltInRoles.Viewer.Id));
    }

    [Fact]
    public async Task Delete_RoleStillHeld_IsRefusedWithTheCount()
    {
        var id = (await _roles.CreateAsync(Actors.Owner, Role("Editors", Permissions.SettingsManage))).Value!;
        _store.AddUser("a", enabled: true, id);
        _store.AddUser("b", enabled: true, id);

        var result = await _roles.DeleteAsync(Actors.Owner, id);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal("'Editors' is still held by 2 members: remove it from them first.", result.Message);
        Assert.True(_store.RoleExists(id));
    }

    [Fact]
    public async Task Delete_UnusedCustomRole_IsAllowed()
    {
        var id = (await _roles.CreateAsync(Actors.Owner, Role("Temp"))).Value!;

        Assert.True((await _roles.DeleteAsync(Actors.Owner, id)).IsSuccess);
        Assert.False(_store.RoleExists(id));
    }
}
