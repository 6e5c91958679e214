using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Tests.Http;

namespace Portal.Tests.Data;

/// <summary>The access rules on the real Identity store and SQLite file.</summary>
public sealed class AccessStoreTests : IDisposable
{
    private readonly PortalFactory _app = new();

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<Actor> ActorAsync(string userId) =>
        WithScope(async s => (await s.GetRequiredService<IAccessStore>().FindMemberAsync(userId))!.ToActor());

    private Task<string> BootstrapOwnerIdAsync() =>
        WithScope(async s => (await s.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(PortalFactory.OwnerEmail))!.Id);

    [Fact]
    public async Task BootstrapOwner_IsTheOnlyOwner_AndIsProtectedInEveryPath()
    {
        var ownerId = await BootstrapOwnerIdAsync();
        var secondOwnerActor = new Actor("someone-else", "x@test.local", Permissions.Expand(BuiltInRoles.Owner.Permissions), IsOwner: true);

        var demote = await WithScope(s => s.GetRequiredService<MemberService>().RemoveRoleAsync(secondOwnerActor, ownerId, BuiltInRoles.Owner.Id));
        var disable = await WithScope(s => s.GetRequiredService<MemberService>().SetEnabledAsync(secondOwnerActor, ownerId, enabled: false));
        var delete = await WithScope(s => s.GetRequiredService<MemberService>().DeleteAsync(secondOwnerActor, ownerId));

        Assert.All([demote, disable, delete], r => Assert.Equal(ResultStatus.Conflict, r.Status));
        var owner = await WithScope(s => s.GetRequiredService<IAccessStore>().FindMemberAsync(ownerId));
        Assert.NotNull(owner);
        Assert.True(owner.IsEnabled);
        Assert.True(owner.IsOwner);
        Assert.Equal(1, await WithScope(s => s.GetRequiredService<IAccessStore>().CountEnabledOwnersAsync()));
    }

    [Fact]
    public async Task TwoOwners_RemovingEachOtherAtOnce_LeaveOneOwner()
    {
        var ownerId = await BootstrapOwnerIdAsync();
        var secondId = await Members.CreateAsync(_app, "second-owner@test.local", BuiltInRoles.Owner.Id);
        var first = await ActorAsync(ownerId);
        var second = await ActorAsync(secondId);

        var results = await Task.WhenAll(
            WithScope(s => s.GetRequiredService<MemberService>().RemoveRoleAsync(first, secondId, BuiltInRoles.Owner.Id)),
            WithScope(s => s.GetRequiredService<MemberService>().RemoveRoleAsync(second, ownerId, BuiltInRoles.Owner.Id)));

        // Whoever goes second is no longer an Owner (refused), or would leave none (conflict): never both succeed.
        Assert.Single(results, r => r.IsSuccess);
        Assert.Single(results, r => r.Status is ResultStatus.Conflict or ResultStatus.Forbidden);
        Assert.Equal(1, await WithScope(s => s.GetRequiredService<IAccessStore>().CountEnabledOwnersAsync()));
    }

    [Fact]
    public async Task CustomRole_GrantsItsPermissions_AndCannotBeDeletedWhileHeld()
    {
        var owner = await ActorAsync(await BootstrapOwnerIdAsync());
        var created = await WithScope(s => s.GetRequiredService<RoleService>().CreateAsync(owner,
            new RoleInput { Name = "Provider editors", Permissions = [Permissions.SettingsManage.Name] }));
        Assert.True(created.IsSuccess, created.Message);
        var memberId = await Members.CreateAsync(_app, "editor@test.local", created.Value!);

        var member = await WithScope(s => s.GetRequiredService<IAccessStore>().FindMemberAsync(memberId));
        var delete = await WithScope(s => s.GetRequiredService<RoleService>().DeleteAsync(owner, created.Value!));

        Assert.Equal(["Org:View", "Settings:Manage", "Settings:View"], member!.EffectivePermissions.Order());
        Assert.Equal("'Provider editors' is still held by 1 member: remove it from them first.", delete.Message);
    }

    [Fact]
    public async Task BuiltInRoles_AreSeededWithTheirPermissions()
    {
        var roles = await WithScope(s => s.GetRequiredService<IAccessStore>().GetRolesAsync());

        foreach (var builtIn in BuiltInRoles.All)
        {
            var role = Assert.Single(roles, r => r.Id == builtIn.Id);
            Assert.True(role.IsBuiltIn);
            Assert.Equal(builtIn.Name, role.Name);
            Assert.True(role.Permissions.SetEquals(builtIn.Permissions), builtIn.Name);
        }
    }

    [Fact]
    public async Task AddMember_DuplicateEmail_IsAFieldError()
    {
        var owner = await ActorAsync(await BootstrapOwnerIdAsync());

        var result = await WithScope(s => s.GetRequiredService<MemberService>().AddAsync(owner,
            new NewMemberInput { Email = PortalFactory.OwnerEmail, DisplayName = "Again" }));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal($"{PortalFactory.OwnerEmail} is already a member.", Assert.Single(result.Errors).Message);
    }

    public void Dispose() => _app.Dispose();
}
