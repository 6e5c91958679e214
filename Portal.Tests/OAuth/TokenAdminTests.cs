using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Tests.Audit;
using Portal.Tests.TestData;

namespace Portal.Tests.OAuth;

/// <summary>
/// The Tokens page's service over the real engine: search of live grants, and the portal's revocations (one grant, a
/// client's, an owner's, everything before a time), each previewed, confirmed by typing, audited, durable, and in
/// force on the next request.
/// </summary>
public sealed class TokenAdminTests : IDisposable
{
    private readonly EngineApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<T> Admin<T>(Func<TokenAdminService, Task<T>> work) => _app.WithScope(s => work(s.GetRequiredService<TokenAdminService>()));

    private async Task<bool> ActiveAsync(EngineApp app, string provider, IssuedSecret caller, string token) =>
        (await app.IntrospectAsync(provider, caller, token)).GetProperty("active").GetBoolean();

    private static string Access(JsonElement json) => json.GetProperty("access_token").GetString()!;

    private async Task<(Guid Id, string Name, string Password, IssuedSecret Client, IssuedSecret Other)> SetUpAsync(string title)
    {
        var (id, name, password) = await _app.PasswordProviderAsync(title);
        var client = await _app.ClientAsync(id, "Mobile app", GrantTypes.Password | GrantTypes.Application);
        var other = await _app.ClientAsync(id, "Web shop", GrantTypes.Password | GrantTypes.Application);
        return (id, name, password, client, other);
    }

    [Fact]
    public async Task RevokingAClient_PreviewsItsGrantsAndTokens_WantsItsIdTyped_ThenKillsThemAll_AndOnlyThem()
    {
        var (id, name, password, client, other) = await SetUpAsync("Admin Client");
        var machine = await _app.TokenAsync(name, client);
        var user = await _app.PasswordTokenAsync(name, client, password);
        var untouched = await _app.TokenAsync(name, other);
        var request = new RevocationRequest(RevocationScope.Client, ClientId: client.ClientId);

        var preview = (await Admin(a => a.PreviewAsync(Actors.Owner, id, request))).Value!;
        Assert.Equal((1, 2, client.ClientId, true), (preview.Grants, preview.AccessTokens, preview.Confirmation, preview.Enforced));
        var wrong = await Admin(a => a.RevokeAsync(Actors.Owner, id, request, "mobile app"));
        Assert.Equal(ResultStatus.Invalid, wrong.Status);
        Assert.True(await ActiveAsync(_app, name, other, machine));
        var before = await AuditLog.LastSequenceAsync(_app);

        var revoked = await Admin(a => a.RevokeAsync(Actors.Owner, id, request, client.ClientId));

        Assert.True(revoked.IsSuccess, revoked.Message);
        Assert.False(await ActiveAsync(_app, name, other, machine));
        Assert.False(await ActiveAsync(_app, name, other, Access(user)));
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.RefreshAsync(name, client, user.GetProperty("refresh_token").GetString()!)).StatusCode);
        Assert.True(await ActiveAsync(_app, name, other, untouched));
        var record = Assert.Single(await AuditLog.AfterAsync(_app, before));
        Assert.Equal((AuditActions.Revoked, AuditEntityTypes.Tokens), (record.Action, record.EntityType));
        Assert.Contains("\"Grants revoked\":1", record.AfterJson);

        // The client is not blocked: a token issued after the cut-off works, even in the same second, also after a restart.
        var fresh = await _app.TokenAsync(name, client);
        var freshUser = await _app.PasswordTokenAsync(name, client, password);
        Assert.True(await ActiveAsync(_app, name, other, fresh));
        Assert.Equal(HttpStatusCode.OK, (await _app.RefreshAsync(name, client, freshUser.GetProperty("refresh_token").GetString()!)).StatusCode);
        using var restarted = new EngineApp(_app.DatabasePath);
        Assert.False(await ActiveAsync(restarted, name, other, machine));
        Assert.True(await ActiveAsync(restarted, name, other, fresh));
    }

    [Fact]
    public async Task RevokingAResourceOwner_TakesTheirGrantsWithEveryClient_AndLeavesOthers()
    {
        var (id, name, password, client, other) = await SetUpAsync("Admin Owner");
        var bob = (await _app.WithScope(s => s.GetRequiredService<ResourceOwnerService>()
            .CreateAsync(Actors.Owner, id, new ResourceOwnerInput { UserName = "bob" }))).Value!;
        var aliceMobile = await _app.PasswordTokenAsync(name, client, password);
        var aliceShop = await _app.PasswordTokenAsync(name, other, password);
        var bobMobile = await _app.PasswordTokenAsync(name, client, bob.Password, "bob");
        var request = new RevocationRequest(RevocationScope.Owner, Owner: "ALICE");

        var preview = (await Admin(a => a.PreviewAsync(Actors.Owner, id, request))).Value!;
        var revoked = await Admin(a => a.RevokeAsync(Actors.Owner, id, request, "alice"));

        Assert.Equal((2, "alice"), (preview.Grants, preview.Confirmation));
        Assert.True(revoked.IsSuccess, revoked.Message);
        Assert.False(await ActiveAsync(_app, name, client, Access(aliceMobile)));
        Assert.False(await ActiveAsync(_app, name, client, Access(aliceShop)));
        Assert.True(await ActiveAsync(_app, name, client, Access(bobMobile)));
    }

    [Fact]
    public async Task ANotBeforeCutOff_KillsWhatWasIssuedUntilThen_NotWhatCameAfter()
    {
        var (id, name, password, client, other) = await SetUpAsync("Admin Cutoff");
        var old = await _app.TokenAsync(name, client);
        var oldUser = await _app.PasswordTokenAsync(name, other, password);
        var cut = _app.Clock.GetUtcNow();
        _app.Clock.Advance(TimeSpan.FromSeconds(61)); // a later minute: the preview counts unexpired tokens per minute of issue
        var recent = await _app.TokenAsync(name, client);
        var request = new RevocationRequest(RevocationScope.IssuedBefore, Before: cut);

        var future = await Admin(a => a.PreviewAsync(Actors.Owner, id, request with { Before = _app.Clock.GetUtcNow().AddMinutes(1) }));
        var preview = (await Admin(a => a.PreviewAsync(Actors.Owner, id, request))).Value!;
        var revoked = await Admin(a => a.RevokeAsync(Actors.Owner, id, request, name));

        Assert.Contains(future.Errors, e => e.Field == "Before");
        Assert.Equal((1, 2, name), (preview.Grants, preview.AccessTokens, preview.Confirmation));
        Assert.True(revoked.IsSuccess, revoked.Message);
        Assert.False(await ActiveAsync(_app, name, client, old));
        Assert.False(await ActiveAsync(_app, name, client, Access(oldUser)));
        Assert.True(await ActiveAsync(_app, name, client, recent));
    }

    [Fact]
    public async Task OneGrant_IsRevokedWithoutTyping_TheSearchFindsItByOwnerAndClient_AndForgetsItOnceRevoked()
    {
        var (id, name, password, client, other) = await SetUpAsync("Admin Grant");
        var kept = await _app.PasswordTokenAsync(name, other, password);
        var gone = await _app.PasswordTokenAsync(name, client, password);

        var byOwner = (await Admin(a => a.SearchAsync(Actors.For(BuiltInRoles.Viewer), id, null, "ali", 0, 50))).Value!;
        var byClient = (await Admin(a => a.SearchAsync(Actors.Owner, id, "mobile", null, 0, 50))).Value!;
        Assert.Equal(2, byOwner.Total);
        var row = Assert.Single(byClient.Items);
        Assert.Equal(("Mobile app", "alice", "password", 3), (row.ClientName, row.Grant.Owner, row.Grant.GrantType, row.Grant.RefreshesLeft));

        var revoked = await Admin(a => a.RevokeAsync(Actors.Owner, id, new RevocationRequest(RevocationScope.Grant, GrantId: row.Grant.Id), null));

        Assert.True(revoked.IsSuccess, revoked.Message);
        Assert.False(await ActiveAsync(_app, name, client, Access(gone)));
        Assert.True(await ActiveAsync(_app, name, client, Access(kept)));
        Assert.Equal(1, (await Admin(a => a.SearchAsync(Actors.Owner, id, null, null, 0, 50))).Value!.Total);
    }

    [Fact]
    public async Task SearchNeedsTokensView_RevocationNeedsTokensRevoke_AndARefusalWritesNothing()
    {
        var (id, _, _, client, _) = await SetUpAsync("Admin Rights");
        var before = await AuditLog.LastSequenceAsync(_app);
        var request = new RevocationRequest(RevocationScope.Client, ClientId: client.ClientId);

        var auditor = await Admin(a => a.SearchAsync(Actors.For(BuiltInRoles.Auditor), id, null, null, 0, 50));
        var viewerPreview = await Admin(a => a.PreviewAsync(Actors.For(BuiltInRoles.Viewer), id, request));
        var viewerRevoke = await Admin(a => a.RevokeAsync(Actors.For(BuiltInRoles.Viewer), id, request, client.ClientId));
        var custom = await Admin(a => a.RevokeAsync(Actors.With(Permissions.OrgView, Permissions.TokensRevoke), id, request, client.ClientId));

        Assert.Equal(ResultStatus.Forbidden, auditor.Status);
        Assert.Equal(ResultStatus.Forbidden, viewerPreview.Status);
        Assert.Equal(ResultStatus.Forbidden, viewerRevoke.Status);
        Assert.True(custom.IsSuccess, custom.Message);
        Assert.Single(await AuditLog.AfterAsync(_app, before));
    }
}
