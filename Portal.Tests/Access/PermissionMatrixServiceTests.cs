using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.TestData;

namespace Portal.Tests.Access;

/// <summary>Every cell of the matrix in docs/permissions.md, exercised at the service layer.</summary>
public sealed class PermissionMatrixServiceTests
{
    [Fact]
    public void Matrix_CoversEveryActionAndRoleOfTheIssue()
    {
        Assert.Equal(
            ["view providers", "edit a provider", "view members", "add a member", "assign a role", "grant Owner",
                "create a custom role", "view history", "revoke tokens"],
            PermissionMatrix.Actions);
        Assert.Equal(6 * 9, PermissionMatrix.Cells.Count);
    }

    [Theory]
    [MemberData(nameof(PermissionMatrix.All), MemberType = typeof(PermissionMatrix))]
    public async Task Action_ByRole_IsAllowedExactlyAsDocumented(string action, string role, bool allowed)
    {
        var access = new InMemoryAccessStore();
        var providers = new InMemoryProviderStore();
        var roleId = role == PermissionMatrix.CustomSettingsManager
            ? (await access.CreateRoleAsync(new RoleInput { Name = role, Permissions = [Permissions.SettingsManage.Name] }))!
            : BuiltInRoles.All.Single(r => r.Name == role).Id;
        var actor = access.ActorOf(access.AddUser("actor", enabled: true, roleId));
        access.AddUser("other-owner", BuiltInRoles.Owner);
        var target = access.AddUser("target", BuiltInRoles.Member);
        var providerService = new ProviderService(providers, new ProviderInputValidator(providers), new TokenPolicySnapshots(), new ClientRegistry(), new ProviderSnapshots(), new RecordingAuditTrail(), new FakeTimeProvider());
        var providerId = (await providerService.CreateAsync(Actors.Owner, Build.Provider())).Value;
        var members = new MemberService(access, new NewMemberInputValidator(), new RecordingAuditTrail());
        var roles = new RoleService(access, new RoleInputValidator(access), new RecordingAuditTrail());
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = new TokenAdminService(new InMemoryGrantStore(), new TokenCutoffs(), new IssuedTokenCounter(clock), new ClientRegistry(), providers,
            new TokenPolicySnapshots(), new RecordingTokenAdminStore(), new RecordingAuditTrail(), clock);
        var providerName = (await providerService.FindAsync(Actors.Owner, providerId)).Value!.Name;

        Result result = action switch
        {
            "view providers" => await providerService.SearchAsync(actor, new ProviderQuery()),
            "edit a provider" => await providerService.UpdateAsync(actor, WithTtl((await providerService.FindAsync(Actors.Owner, providerId)).Value!.ToInput(), 600)),
            "view members" => await members.SearchAsync(actor, new MemberQuery()),
            "add a member" => await members.AddAsync(actor, new NewMemberInput { Email = "new@test.local", DisplayName = "New", RoleIds = [BuiltInRoles.Member.Id] }),
            "assign a role" => await members.AssignRoleAsync(actor, target, BuiltInRoles.Viewer.Id),
            "grant Owner" => await members.AssignRoleAsync(actor, target, BuiltInRoles.Owner.Id),
            "create a custom role" => await roles.CreateAsync(actor, new RoleInput { Name = "Readers", Permissions = [Permissions.SettingsView.Name] }),
            "view history" => await new AuditService(new InMemoryAuditStore()).SearchAsync(actor, new AuditQuery()),
            "revoke tokens" => await tokens.RevokeAsync(actor, providerId, new RevocationRequest(RevocationScope.IssuedBefore, Before: clock.GetUtcNow()), providerName),
            _ => throw new InvalidOperationException($"No service call for '{action}'"),
        };

        if (allowed)
            Assert.True(result.IsSuccess, $"{role} should be allowed to {action}: {result.Status} {result.Message}");
        else
            Assert.Equal(ResultStatus.Forbidden, result.Status);
    }

    private static ProviderInput WithTtl(ProviderInput input, int ttl)
    {
        input.AccessTokenTtl = ttl;
        return input;
    }
}
