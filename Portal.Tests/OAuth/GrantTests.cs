using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Clients;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Tests.TestData;

namespace Portal.Tests.OAuth;

/// <summary>
/// The password and refresh grants over real HTTP (RFC 6749 §4.3, §6; spec §3, §6): the provider-local user registry,
/// rotation, reuse revoking the whole grant, the refresh count, scope narrowing, and revocation cascades.
/// </summary>
public sealed class GrantTests(EngineApp app) : IClassFixture<EngineApp>
{
    private const GrantTypes PasswordClient = GrantTypes.Password;

    private static string Refresh(JsonElement json) => json.GetProperty("refresh_token").GetString()!;

    private static string Access(JsonElement json) => json.GetProperty("access_token").GetString()!;

    private async Task<bool> ActiveAsync(string provider, IssuedSecret caller, string token) =>
        (await app.IntrospectAsync(provider, caller, token)).GetProperty("active").GetBoolean();

    [Fact]
    public async Task Password_IssuesAnAccessAndARefreshToken_AndIntrospectionNamesTheOwner()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Password Grant");
        var client = await app.ClientAsync(id, grants: PasswordClient);

        var json = await app.PasswordTokenAsync(name, client, password, user: "ALICE"); // user names ignore case

        Assert.Equal(("Bearer", 600, "orders:read orders:write", 3600), (json.GetProperty("token_type").GetString(),
            json.GetProperty("expires_in").GetInt32(), json.GetProperty("scope").GetString(), json.GetProperty("refresh_token_expires_in").GetInt32()));
        var access = await app.IntrospectAsync(name, client, Access(json));
        Assert.Equal(("alice", "alice", "password"), (access.GetProperty("username").GetString(), access.GetProperty("sub").GetString(),
            access.GetProperty("grant_type").GetString()));
        var refresh = await app.IntrospectAsync(name, client, Refresh(json));
        Assert.True(refresh.GetProperty("active").GetBoolean());
        Assert.False(refresh.TryGetProperty("token_type", out _)); // an RFC 6749 §7.1 type names access tokens only
    }

    [Theory]
    [InlineData("alice", "wrong password 1")]
    [InlineData("bob", "whatever it is")]
    public async Task Password_WithAWrongPasswordOrAnUnknownUser_IsInvalidGrant(string user, string password)
    {
        var (id, name, _) = await app.PasswordProviderAsync($"Password Wrong {user}");
        var client = await app.ClientAsync(id, grants: PasswordClient);

        var response = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "password"), ("username", user), ("password", password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Password_ForADisabledUser_IsRefused_AndTheGrantTypeNeedsProviderAndClient()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Password Switches");
        var allowed = await app.ClientAsync(id, "Allowed", grants: PasswordClient);
        var notAllowed = await app.ClientAsync(id, "Not allowed", grants: GrantTypes.Application);
        var users = await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().ListAsync(Actors.Owner, id));
        await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().SetEnabledAsync(Actors.Owner, users.Value!.Single().Id, false));

        var disabled = await app.PostAsync($"/{name}/oauth2/token", allowed, ("grant_type", "password"), ("username", "alice"), ("password", password));
        var client = await app.PostAsync($"/{name}/oauth2/token", notAllowed, ("grant_type", "password"), ("username", "alice"), ("password", password));
        await app.ProviderSettingsAsync(id, p => p.GrantTypes &= ~GrantTypes.Password);
        var provider = await app.PostAsync($"/{name}/oauth2/token", allowed, ("grant_type", "password"), ("username", "alice"), ("password", password));

        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(disabled)).GetProperty("error").GetString());
        Assert.Equal("unauthorized_client", (await EngineApp.JsonAsync(client)).GetProperty("error").GetString());
        Assert.Equal("unsupported_grant_type", (await EngineApp.JsonAsync(provider)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_ForADisabledOrDeletedUser_IsRefused()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Refresh Disabled User");
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var grant = await app.PasswordTokenAsync(name, client, password);
        var alice = (await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().ListAsync(Actors.Owner, id))).Value!.Single();

        await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().SetEnabledAsync(Actors.Owner, alice.Id, false));
        var disabled = await app.RefreshAsync(name, client, Refresh(grant));
        await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().SetEnabledAsync(Actors.Owner, alice.Id, true));
        var enabled = await app.RefreshAsync(name, client, Refresh(grant)); // the refused refresh did not use the token up

        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(disabled)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
    }

    [Fact]
    public async Task ANewPassword_RevokesTheUsersGrants_WithAnAuditRecord()
    {
        var (id, name, password) = await app.PasswordProviderAsync("New Password Revokes");
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var first = await app.PasswordTokenAsync(name, client, password);
        var second = await app.PasswordTokenAsync(name, client, password);
        var alice = (await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().ListAsync(Actors.Owner, id))).Value!.Single();

        var reset = await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().SetPasswordAsync(Actors.Owner, alice.Id, null));
        var after = await app.PasswordTokenAsync(name, client, reset.Value!.Password);

        Assert.Equal("New password set for 'alice'. Their 2 grants were revoked.", reset.Message);
        Assert.False(await ActiveAsync(name, client, Access(first)));
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(second)))).GetProperty("error").GetString());
        Assert.True(await ActiveAsync(name, client, Access(after)));
        var record = (await Portal.Tests.Audit.AuditLog.AfterAsync(app, 0)).Last(r => r.Action == Portal.Domain.Audit.AuditActions.Revoked);
        Assert.Equal($"{name} / alice", record.EntityName);
        Assert.Contains("their password was changed", record.AfterJson);
    }

    [Fact]
    public async Task ADeletedUsersGrants_AreRevoked_SoAUserCreatedLaterUnderTheSameNameInheritsNothing()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Deleted User Name Reuse");
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var grant = await app.PasswordTokenAsync(name, client, password);
        var alice = (await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().ListAsync(Actors.Owner, id))).Value!.Single();

        var deleted = await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().DeleteAsync(Actors.Owner, alice.Id));
        await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().CreateAsync(Actors.Owner, id, new ResourceOwnerInput { UserName = "alice" }));

        Assert.Equal("User 'alice' deleted. Their grant was revoked.", deleted.Message);
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(grant)))).GetProperty("error").GetString());
        Assert.False(await ActiveAsync(name, client, Access(grant)));
    }

    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndReusingTheOldOne_RevokesTheWholeGrant()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Refresh Rotation");
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var first = await app.PasswordTokenAsync(name, client, password);

        var second = await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(first)));
        Assert.NotEqual(Refresh(first), Refresh(second));
        Assert.False(await ActiveAsync(name, client, Refresh(first)));
        Assert.True(await ActiveAsync(name, client, Access(second)));

        // The old refresh token again: refused, and everything of the grant dies, the first access token included.
        var reuse = await app.RefreshAsync(name, client, Refresh(first));
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(reuse)).GetProperty("error").GetString());
        Assert.False(await ActiveAsync(name, client, Access(first)));
        Assert.False(await ActiveAsync(name, client, Access(second)));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.RefreshAsync(name, client, Refresh(second))).StatusCode);
    }

    [Fact]
    public async Task Refresh_SpendsTheCount_AndTheLastRefreshIssuesNoNewRefreshToken()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Refresh Count", refreshes: 2);
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var first = await app.PasswordTokenAsync(name, client, password);

        var second = await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(first)));
        var last = await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(second)));

        Assert.False(last.TryGetProperty("refresh_token", out _));
        Assert.True(await ActiveAsync(name, client, Access(last)));
        Assert.True(await ActiveAsync(name, client, Access(first))); // a used-up count is no revocation
    }

    [Fact]
    public async Task MaxConsent_CapsEveryTokenOfTheGrant_AndEndsItsRefreshes()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Max Consent", refreshes: 10);
        await app.ProviderSettingsAsync(id, p => { p.MaxConsentEnabled = true; p.MaxConsentTtl = 3600; }); // access 600 s, refresh 3,600 s
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var first = await app.PasswordTokenAsync(name, client, password);

        app.Clock.Advance(TimeSpan.FromSeconds(3000));
        var second = await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(first)));
        app.Clock.Advance(TimeSpan.FromSeconds(500));
        var third = await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(second)));
        app.Clock.Advance(TimeSpan.FromSeconds(100));
        var late = await app.RefreshAsync(name, client, Refresh(third));

        Assert.Equal((600, 600), (second.GetProperty("expires_in").GetInt32(), second.GetProperty("refresh_token_expires_in").GetInt32()));
        Assert.Equal((100, 100), (third.GetProperty("expires_in").GetInt32(), third.GetProperty("refresh_token_expires_in").GetInt32()));
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(late)).GetProperty("error").GetString());
        Assert.False(await ActiveAsync(name, client, Access(third)));
    }

    [Fact]
    public async Task Refresh_MayNarrowTheScope_NeverWiden_AndOnlyTheClientItWasIssuedTo_MayUseIt()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Refresh Scope");
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var other = await app.ClientAsync(id, "Other", grants: PasswordClient);
        var narrow = await app.PasswordTokenAsync(name, client, password);
        var grant = await EngineApp.JsonAsync(await app.PostAsync($"/{name}/oauth2/token", client,
            ("grant_type", "password"), ("username", "alice"), ("password", password), ("scope", "orders:read")));

        var narrowed = await app.RefreshAsync(name, client, Refresh(narrow), "orders:read");
        var widened = await app.RefreshAsync(name, client, Refresh(grant), "orders:read orders:write");
        var stolen = await app.RefreshAsync(name, other, Refresh(grant));

        Assert.Equal("orders:read", (await EngineApp.JsonAsync(narrowed)).GetProperty("scope").GetString());
        Assert.Equal("invalid_scope", (await EngineApp.JsonAsync(widened)).GetProperty("error").GetString());
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(stolen)).GetProperty("error").GetString());
        // Neither refusal used the token up.
        Assert.Equal(HttpStatusCode.OK, (await app.RefreshAsync(name, client, Refresh(grant))).StatusCode);
    }

    [Fact]
    public async Task RevokingARefreshToken_RevokesTheGrant_RevokingAnAccessToken_OnlyItself()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Revoke Cascade");
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var byAccess = await app.PasswordTokenAsync(name, client, password);
        var byRefresh = await app.PasswordTokenAsync(name, client, password);

        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", Access(byAccess)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"/{name}/oauth2/revoke", client,
            ("token", Refresh(byRefresh)), ("token_type_hint", "access_token"))).StatusCode); // a wrong hint still finds it

        Assert.False(await ActiveAsync(name, client, Access(byAccess)));
        Assert.Equal(HttpStatusCode.OK, (await app.RefreshAsync(name, client, Refresh(byAccess))).StatusCode);
        Assert.False(await ActiveAsync(name, client, Access(byRefresh)));
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(byRefresh)))).GetProperty("error").GetString());
    }

    [Fact]
    public async Task WithTokenManagementOff_AReusedRefreshTokenIsRefused_ButRevokesNothing()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Refresh Unmanaged");
        await app.TokenManagementAsync(id, t => t.Enabled = false);
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var first = await app.PasswordTokenAsync(name, client, password);
        var second = await EngineApp.JsonAsync(await app.RefreshAsync(name, client, Refresh(first)));

        Assert.Equal(HttpStatusCode.BadRequest, (await app.RefreshAsync(name, client, Refresh(first))).StatusCode);
        Assert.True(await ActiveAsync(name, client, Access(second)));
        Assert.Equal(HttpStatusCode.OK, (await app.RefreshAsync(name, client, Refresh(second))).StatusCode);
    }

    [Fact]
    public async Task TheSameRefreshTokenTwiceAtOnce_OneWins_AndTheOtherIsAReuse()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Refresh Race");
        var client = await app.ClientAsync(id, grants: PasswordClient);
        var first = await app.PasswordTokenAsync(name, client, password);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.RefreshAsync(name, client, Refresh(first))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var winner = await EngineApp.JsonAsync(answers.Single(a => a.StatusCode == HttpStatusCode.OK));
        Assert.False(await ActiveAsync(name, client, Access(winner))); // the reuse revoked the grant
    }

    [Fact]
    public async Task Metadata_ListsThePasswordAndRefreshGrants_OnlyWhileTheyAreOn()
    {
        var (id, name, _) = await app.PasswordProviderAsync("Grant Metadata");
        var on = await EngineApp.JsonAsync(await app.CreateClient().GetAsync($"/{name}/.well-known/oauth-authorization-server"));
        await app.ProviderSettingsAsync(id, p => { p.GrantTypes &= ~GrantTypes.Password; p.RefreshTokensEnabled = false; });
        var off = await EngineApp.JsonAsync(await app.CreateClient().GetAsync($"/{name}/.well-known/oauth-authorization-server"));

        Assert.Equal(["client_credentials", "password", "refresh_token"], on.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["client_credentials"], off.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
    }
}

/// <summary>Grants and their rotation are durable: a restart on the same file forgets neither.</summary>
public sealed class GrantDurabilityTests : IDisposable
{
    private readonly EngineApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AfterARestart_TheRotatedRefreshTokenIsStillDead_TheNewOneWorks_AndARevokedGrantStaysRevoked()
    {
        var (id, name, password) = await _app.PasswordProviderAsync("Grant Restart");
        var client = await _app.ClientAsync(id, grants: GrantTypes.Password);
        var first = await _app.PasswordTokenAsync(name, client, password);
        var second = await EngineApp.JsonAsync(await _app.RefreshAsync(name, client, first.GetProperty("refresh_token").GetString()!));
        var revoked = await _app.PasswordTokenAsync(name, client, password);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync($"/{name}/oauth2/revoke", client, ("token", revoked.GetProperty("refresh_token").GetString()!))).StatusCode);

        using var restarted = new EngineApp(_app.DatabasePath);

        Assert.Equal(HttpStatusCode.OK, (await restarted.RefreshAsync(name, client, second.GetProperty("refresh_token").GetString()!)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await restarted.RefreshAsync(name, client, first.GetProperty("refresh_token").GetString()!)).StatusCode);
        Assert.False((await restarted.IntrospectAsync(name, client, revoked.GetProperty("access_token").GetString()!)).GetProperty("active").GetBoolean());
        Assert.Equal(2, restarted.Services.GetRequiredService<IGrantStore>().OfProvider(id).Count());
    }

    [Fact]
    public async Task AReplacement_FromAStaleVersion_IsRefused_AndChangesNothing_InMemoryOrOnDisk()
    {
        var store = _app.Services.GetRequiredService<Portal.OAuth.DurableGrantStore>();
        var grant = new Grant(Guid.NewGuid(), Guid.NewGuid(), "client", "alice", "s", "password", 100, 100, Guid.NewGuid(), 2, 4_000_000_000, 4_000_000_000);
        await store.AddAsync(grant);
        var first = grant with { RefreshTokenId = Guid.NewGuid(), RefreshesLeft = 1 };
        var second = grant with { RefreshTokenId = Guid.NewGuid(), RefreshesLeft = 1 };

        var answers = await Task.WhenAll(store.ReplaceAsync(grant, first), store.ReplaceAsync(grant, second));

        Assert.Single(answers, won => won);
        var winner = answers[0] ? first : second;
        Assert.Equal(winner, store.Find(grant.Id));
        await using var scope = _app.Services.CreateAsyncScope();
        var stored = scope.ServiceProvider.GetRequiredService<Portal.Data.PortalDbContext>().Set<Grant>().Single(g => g.Id == grant.Id);
        Assert.Equal(winner.RefreshTokenId, stored.RefreshTokenId);
    }

    [Fact]
    public async Task AGrantIsPruned_OnceItsLastTokenHasExpired()
    {
        var (id, name, password) = await _app.PasswordProviderAsync("Grant Prune");
        var client = await _app.ClientAsync(id, grants: GrantTypes.Password);
        await _app.PasswordTokenAsync(name, client, password);
        var store = _app.Services.GetRequiredService<Portal.OAuth.DurableGrantStore>();

        // The refresh token lives 3,600 s. (Moving the clock also runs the background pruning: either may do the work.)
        _app.Clock.Advance(TimeSpan.FromSeconds(3599));
        await store.PruneAsync();
        Assert.Single(store.OfProvider(id));
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        await store.PruneAsync();
        Assert.Empty(store.OfProvider(id));
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.Equal(0, scope.ServiceProvider.GetRequiredService<Portal.Data.PortalDbContext>().Set<Grant>().Count());
    }
}
