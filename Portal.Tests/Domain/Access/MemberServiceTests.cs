using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Tests.TestData;

namespace Portal.Tests.Domain.Access;

public sealed class MemberServiceTests
{
    private readonly InMemoryAccessStore _store = new();
    private readonly MemberService _members;

    public MemberServiceTests() => _members = new MemberService(_store, new NewMemberInputValidator(), new RecordingAuditTrail());

    private string CustomRole(params Permission[] permissions) =>
        _store.CreateRoleAsync(new RoleInput { Name = "custom " + string.Join("+", permissions.Select(p => p.Name)), Permissions = [.. permissions.Select(p => p.Name)] }).Result!;

    // Rule 1: no escalation.
    [Fact]
    public async Task AssignRole_HoldingPermissionsTheActorLacks_IsRefused()
    {
        var memberAdmin = _store.AddUser("ma", enabled: true, CustomRole(Permissions.MemberManage));
        var target = _store.AddUser("target", BuiltInRoles.Member);
        var settingsEditor = CustomRole(Permissions.SettingsManage);

        var result = await _members.AssignRoleAsync(_store.ActorOf(memberAdmin), target, settingsEditor);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Contains("Settings:Manage", result.Message);
        Assert.False(_store.Holds(target, settingsEditor));
    }

    [Fact]
    public async Task AssignRole_OrgAdministratorRoleByMemberManager_IsRefused_AndAddingAMemberWithItToo()
    {
        var memberAdmin = _store.AddUser("ma", enabled: true, CustomRole(Permissions.MemberManage));
        var target = _store.AddUser("target", BuiltInRoles.Member);

        var assign = await _members.AssignRoleAsync(_store.ActorOf(memberAdmin), target, BuiltInRoles.OrganizationAdministrator.Id);
        var add = await _members.AddAsync(_store.ActorOf(memberAdmin),
            new NewMemberInput { Email = "new@test.local", DisplayName = "New", RoleIds = [BuiltInRoles.OrganizationAdministrator.Id] });

        Assert.Equal(ResultStatus.Forbidden, assign.Status);
        Assert.Equal(ResultStatus.Forbidden, add.Status);
        Assert.False(_store.Holds(target, BuiltInRoles.OrganizationAdministrator.Id));
    }

    [Fact]
    public async Task AssignRole_RoleWithinTheActorsPowers_IsAllowed()
    {
        var admin = _store.AddUser("admin", BuiltInRoles.OrganizationAdministrator);
        var target = _store.AddUser("target", BuiltInRoles.Member);

        var result = await _members.AssignRoleAsync(_store.ActorOf(admin), target, BuiltInRoles.Viewer.Id);

        Assert.True(result.IsSuccess, result.Message);
        Assert.True(_store.Holds(target, BuiltInRoles.Viewer.Id));
    }

    [Fact]
    public async Task ChangeAccount_OfAMorePowerfulMember_IsRefused()
    {
        var memberAdmin = _store.AddUser("ma", enabled: true, CustomRole(Permissions.MemberManage, Permissions.MemberView));
        var admin = _store.AddUser("admin", BuiltInRoles.OrganizationAdministrator);

        var disable = await _members.SetEnabledAsync(_store.ActorOf(memberAdmin), admin, enabled: false);
        var removeRole = await _members.RemoveRoleAsync(_store.ActorOf(memberAdmin), admin, BuiltInRoles.OrganizationAdministrator.Id);

        Assert.Equal(ResultStatus.Forbidden, disable.Status);
        Assert.Equal(ResultStatus.Forbidden, removeRole.Status);
        Assert.True(_store.IsEnabled(admin));
    }

    // Rule 2: only an Owner grants or removes Owner.
    [Fact]
    public async Task GrantOwner_ByOrgAdministrator_IsRefused_ByOwner_IsAllowed()
    {
        var owner = _store.AddUser("owner", BuiltInRoles.Owner);
        var admin = _store.AddUser("admin", BuiltInRoles.OrganizationAdministrator);
        var target = _store.AddUser("target", BuiltInRoles.Member);

        var byAdmin = await _members.AssignRoleAsync(_store.ActorOf(admin), target, BuiltInRoles.Owner.Id);
        Assert.Equal(ResultStatus.Forbidden, byAdmin.Status);
        Assert.Equal("Only an Owner may grant the Owner role.", byAdmin.Message);
        Assert.False(_store.Holds(target, BuiltInRoles.Owner.Id));

        var byOwner = await _members.AssignRoleAsync(_store.ActorOf(owner), target, BuiltInRoles.Owner.Id);
        Assert.True(byOwner.IsSuccess);
    }

    [Fact]
    public async Task RemoveOwner_ByOrgAdministrator_IsRefused_EvenWithTwoOwners()
    {
        _store.AddUser("owner1", BuiltInRoles.Owner);
        var owner2 = _store.AddUser("owner2", BuiltInRoles.Owner);
        var admin = _store.AddUser("admin", BuiltInRoles.OrganizationAdministrator);

        var result = await _members.RemoveRoleAsync(_store.ActorOf(admin), owner2, BuiltInRoles.Owner.Id);
        var disable = await _members.SetEnabledAsync(_store.ActorOf(admin), owner2, enabled: false);
        var delete = await _members.DeleteAsync(_store.ActorOf(admin), owner2);

        Assert.All([result, disable, delete], r => Assert.Equal(ResultStatus.Forbidden, r.Status));
        Assert.True(_store.Holds(owner2, BuiltInRoles.Owner.Id));
        Assert.True(_store.IsEnabled(owner2));
    }

    // Rule 3: the last enabled Owner, in every path.
    [Fact]
    public async Task LastOwner_CannotLoseTheRole_BeDisabled_OrBeRemoved()
    {
        var owner = _store.AddUser("owner", BuiltInRoles.Owner);
        var otherOwner = _store.AddUser("other", enabled: false, BuiltInRoles.Owner.Id); // a disabled Owner does not count
        var actor = _store.ActorOf(owner);

        var demote = await _members.RemoveRoleAsync(actor, owner, BuiltInRoles.Owner.Id);
        var disable = await _members.SetEnabledAsync(new Actor("someone", "s@test.local", actor.Permissions, IsOwner: true), owner, enabled: false);
        var delete = await _members.DeleteAsync(new Actor("someone", "s@test.local", actor.Permissions, IsOwner: true), owner);

        Assert.All([demote, disable, delete], r => Assert.Equal(ResultStatus.Conflict, r.Status));
        Assert.Contains("last enabled Owner", demote.Message);
        Assert.True(_store.Holds(owner, BuiltInRoles.Owner.Id));
        Assert.True(_store.IsEnabled(owner));
        Assert.True(_store.Exists(owner));
        Assert.False(_store.IsEnabled(otherOwner));
    }

    [Fact]
    public async Task SecondOwner_MayBeDemoted_WhileAnotherOwnerRemains()
    {
        var owner = _store.AddUser("owner", BuiltInRoles.Owner);
        var second = _store.AddUser("second", BuiltInRoles.Owner);

        var result = await _members.RemoveRoleAsync(_store.ActorOf(owner), second, BuiltInRoles.Owner.Id);
        var last = await _members.RemoveRoleAsync(_store.ActorOf(owner), owner, BuiltInRoles.Owner.Id);

        Assert.True(result.IsSuccess);
        Assert.Equal(ResultStatus.Conflict, last.Status);
    }

    // Rule 4: nobody disables (or removes) themselves.
    [Fact]
    public async Task DisableOrRemoveSelf_IsRefused()
    {
        var owner = _store.AddUser("owner", BuiltInRoles.Owner);
        _store.AddUser("owner2", BuiltInRoles.Owner);

        var disable = await _members.SetEnabledAsync(_store.ActorOf(owner), owner, enabled: false);
        var delete = await _members.DeleteAsync(_store.ActorOf(owner), owner);

        Assert.Equal("You cannot disable your own account.", disable.Message);
        Assert.Equal("You cannot remove your own account.", delete.Message);
        Assert.True(_store.IsEnabled(owner));
        Assert.True(_store.Exists(owner));
    }

    [Fact]
    public async Task ActorDemotedAMomentAgo_ActsWithTheNewPowers()
    {
        var formerAdmin = _store.AddUser("former", BuiltInRoles.OrganizationAdministrator);
        var staleActor = _store.ActorOf(formerAdmin); // read before the demotion
        await _store.RemoveRoleAsync(formerAdmin, BuiltInRoles.OrganizationAdministrator.Id);
        var target = _store.AddUser("target", BuiltInRoles.Member);

        var result = await _members.AssignRoleAsync(staleActor, target, BuiltInRoles.Viewer.Id);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.False(_store.Holds(target, BuiltInRoles.Viewer.Id));
    }

    [Fact]
    public async Task MemberWithAnInitialPassword_HoldsNothingButSignIn_UntilTheyChangeIt()
    {
        var member = new MemberInfo("m", "m@test.local", "M", IsEnabled: true, IsLockedOut: false, MustChangePassword: true,
            DateTime.UtcNow, null, [new RoleInfo("owner", "Owner", "", true, BuiltInRoles.Owner.Permissions, 1)]);

        var actor = member.ToActor();

        Assert.Equal(["Org:View"], actor.Permissions);
        Assert.False(actor.IsOwner);
        Assert.True(member.GrantedPermissions.SetEquals(Permissions.Expand(BuiltInRoles.Owner.Permissions)));
    }

    [Fact]
    public async Task Add_ValidMember_ReturnsAStrongOneTimePassword()
    {
        var admin = _store.AddUser("admin", BuiltInRoles.OrganizationAdministrator);

        var result = await _members.AddAsync(_store.ActorOf(admin),
            new NewMemberInput { Email = " ada@test.local ", DisplayName = "Ada", RoleIds = [BuiltInRoles.Viewer.Id] });

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal("ada@test.local", result.Value!.Email);
        Assert.True(result.Value.InitialPassword.Length >= 20);
        Assert.True(_store.Holds(result.Value.Id, BuiltInRoles.Viewer.Id));
    }

    [Theory]
    [InlineData("", "Ada", "Email")]
    [InlineData("not-an-email", "Ada", "Email")]
    [InlineData("ada@test.local", " ", "DisplayName")]
    public async Task Add_InvalidInput_NamesTheField(string email, string name, string field)
    {
        var admin = _store.AddUser("admin", BuiltInRoles.OrganizationAdministrator);

        var result = await _members.AddAsync(_store.ActorOf(admin), new NewMemberInput { Email = email, DisplayName = name });

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public async Task Anything_ByDisabledMember_IsRefused()
    {
        var admin = _store.AddUser("admin", enabled: false, BuiltInRoles.OrganizationAdministrator.Id);
        var target = _store.AddUser("target", BuiltInRoles.Member);

        var result = await _members.AssignRoleAsync(_store.ActorOf(admin), target, BuiltInRoles.Viewer.Id);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal("You need the Member:Manage permission to do this.", result.Message);
    }
}
