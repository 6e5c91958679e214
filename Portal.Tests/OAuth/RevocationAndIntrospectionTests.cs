using System.Net;
using Portal.Domain.TokenManagement;

namespace Portal.Tests.OAuth;

/// <summary>The RFC 7009 and RFC 7662 checklist of spec §9, one test per line, over real HTTP.</summary>
public sealed class RevocationAndIntrospectionTests(EngineApp app) : IClassFixture<EngineApp>
{
    private async Task<(string Name, Portal.Domain.Clients.IssuedSecret Client, string Token)> SetUpAsync(string title)
    {
        var (id, name) = await app.ProviderAsync(title);
        var client = await app.ClientAsync(id);
        return (name, client, await app.TokenAsync(name, client));
    }

    // RFC 7009

    [Fact]
    public async Task Revoke_IsPostOnly_AndNeedsAToken()
    {
        var (name, client, _) = await SetUpAsync("Revoke Post Only");

        var get = await app.CreateClient().GetAsync($"/{name}/oauth2/revoke");
        var missing = await app.PostAsync($"/{name}/oauth2/revoke", client);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("invalid_request", (await EngineApp.JsonAsync(missing)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Revoke_WithTheWrongHint_StillFindsAndRevokesTheToken()
    {
        var (name, client, token) = await SetUpAsync("Revoke Wrong Hint");

        var response = await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", token), ("token_type_hint", "refresh_token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revoke_WithoutValidClientCredentials_Is401InvalidClient_WithTheBasicChallenge()
    {
        var (name, client, token) = await SetUpAsync("Revoke Unauthenticated");

        var wrong = await app.PostAsync($"/{name}/oauth2/revoke", client with { Secret = "not-the-secret" }, ("token", token));
        var none = await app.PostAsync($"/{name}/oauth2/revoke", null, ("token", token));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await EngineApp.JsonAsync(wrong)).GetProperty("error").GetString());
        Assert.Equal($"Basic realm=\"{name}\"", wrong.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.True((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revoke_AnotherClientsToken_AnswersSuccess_RevokesNothing_AndIsRecorded()
    {
        var (id, name) = await app.ProviderAsync("Revoke Other Client");
        var owner = await app.ClientAsync(id, "Owner app");
        var other = await app.ClientAsync(id, "Other app");
        var token = await app.TokenAsync(name, owner);

        var response = await app.PostAsync($"/{name}/oauth2/revoke", other, ("token", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", (await EngineApp.JsonAsync(response)).GetProperty("status").GetString());
        Assert.True((await app.IntrospectAsync(name, owner, token)).GetProperty("active").GetBoolean());
        Assert.Contains(app.Logs, line => line.Contains($"Client {other.ClientId} of provider {name}", StringComparison.Ordinal) && line.Contains("another client's token"));
        Assert.DoesNotContain(app.Logs, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("unknown")]
    [InlineData("revoked")]
    public async Task Revoke_AnInvalidUnknownOrRevokedToken_Answers200Success(string kind)
    {
        var (name, client, token) = await SetUpAsync($"Revoke Invalid {kind}");
        if (kind == "revoked")
            await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", token));
        var presented = kind switch
        {
            "garbage" => "not-a-token",
            "unknown" => token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
            _ => token,
        };

        var response = await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", presented));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"success\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Revoke_WithAnUnsupportedHint_Is400UnsupportedTokenType()
    {
        var (name, client, token) = await SetUpAsync("Revoke Bad Hint");

        var response = await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", token), ("token_type_hint", "id_token"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_token_type", (await EngineApp.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Revoke_TakesEffectAtOnce_AndIsNeverCached()
    {
        var (name, client, token) = await SetUpAsync("Revoke At Once");
        Assert.True((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());

        var response = await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", token));

        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Contains("no-cache", response.Headers.Pragma.ToString());
        Assert.Equal("{\"active\":false}", (await app.IntrospectAsync(name, client, token)).GetRawText());
    }

    // RFC 7662

    [Fact]
    public async Task Introspect_NeedsAnAuthenticatedCaller_AndAToken()
    {
        var (name, client, token) = await SetUpAsync("Introspect Caller");

        var anonymous = await app.PostAsync($"/{name}/oauth2/introspect", null, ("token", token));
        var missing = await app.PostAsync($"/{name}/oauth2/introspect", client);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("invalid_client", (await EngineApp.JsonAsync(anonymous)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("invalid_request", (await EngineApp.JsonAsync(missing)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Introspect_ByAPublicClient_WhichHasNoSecret_Is401()
    {
        var (id, name) = await app.ProviderAsync("Introspect Public Caller");
        var client = await app.ClientAsync(id);
        var token = await app.TokenAsync(name, client);
        var mobile = await app.WithScope(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Portal.Domain.Clients.ClientService>(s).CreateAsync(TestData.Actors.Owner, id, new Portal.Domain.Clients.ClientInput
            {
                Name = "Mobile",
                Type = Portal.Domain.Providers.ClientTypes.Public,
                GrantTypes = Portal.Domain.Providers.GrantTypes.AccessCode,
                Scopes = ["orders:read"],
                RedirectUris = ["com.example.app:/cb"],
            }));
        Assert.True(mobile.IsSuccess, mobile.Message);

        var response = await app.CreateClient().PostAsync($"/{name}/oauth2/introspect",
            EngineApp.Form(("token", token), ("client_id", mobile.Value!.ClientId)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Introspect_AnActiveToken_GivesItsFacts_AsEpochSecondsAndASpaceDelimitedScope_WithoutTheToken()
    {
        var (id, name) = await app.ProviderAsync("Introspect Active");
        var client = await app.ClientAsync(id);
        var resourceServer = await app.ClientAsync(id, "Resource server");
        var token = await app.TokenAsync(name, client);
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();

        var response = await app.PostAsync($"/{name}/oauth2/introspect", resourceServer, ("token", token));

        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, body);
        var json = await EngineApp.JsonAsync(response);
        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.Equal("orders:read orders:write", json.GetProperty("scope").GetString());
        Assert.Equal(client.ClientId, json.GetProperty("client_id").GetString());
        Assert.Equal(now + 600, json.GetProperty("exp").GetInt64());
        Assert.Equal(now, json.GetProperty("iat").GetInt64());
        Assert.Equal("client_credentials", json.GetProperty("grant_type").GetString());
        Assert.Equal(now, json.GetProperty("consented_on").GetInt64());
        Assert.False(json.GetProperty("one_time_use").GetBoolean());
        Assert.EndsWith($"/{name}", json.GetProperty("iss").GetString());
    }

    [Fact]
    public async Task Introspect_UnknownOrAnotherProvidersToken_GivesOnlyActiveFalse()
    {
        var (name, client, token) = await SetUpAsync("Introspect Inactive");
        var (_, otherClient, otherToken) = await SetUpAsync("Introspect Elsewhere");
        _ = otherClient;

        Assert.Equal("{\"active\":false}", (await app.IntrospectAsync(name, client, "garbage")).GetRawText());
        Assert.Equal("{\"active\":false}", (await app.IntrospectAsync(name, client, otherToken)).GetRawText());
        Assert.Equal("{\"active\":false}", (await app.IntrospectAsync(name, client, token[..^2])).GetRawText());
    }

    [Fact]
    public async Task Introspect_ADisabledClientsToken_IsNotActive()
    {
        var (id, name) = await app.ProviderAsync("Introspect Disabled Client");
        var client = await app.ClientAsync(id);
        var caller = await app.ClientAsync(id, "Caller");
        var token = await app.TokenAsync(name, client);

        await app.WithScope(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Portal.Domain.Clients.ClientService>(s).SetEnabledAsync(TestData.Actors.Owner, client.Id, enabled: false));

        Assert.Equal("{\"active\":false}", (await app.IntrospectAsync(name, caller, token)).GetRawText());
    }

    // Enforcement: each switch applies to the next request.

    [Fact]
    public async Task TokenManagementSwitches_ChangeTheRevokeEndpoint_OnTheNextRequest()
    {
        var (id, name) = await app.ProviderAsync("Switches", revocation: false);
        var client = await app.ClientAsync(id);
        var token = await app.TokenAsync(name, client);
        async Task<HttpStatusCode> Revoke() => (await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", "x"))).StatusCode;
        async Task<bool> Listed() => (await app.CreateClient().GetStringAsync($"/{name}/.well-known/oauth-authorization-server")).Contains("revocation_endpoint");

        Assert.Equal(HttpStatusCode.NotFound, await Revoke());
        Assert.False(await Listed());
        await app.TokenManagementAsync(id, t => { t.Enabled = true; t.Type = TokenManagementType.Native; t.ClientRevocation = true; });
        Assert.Equal(HttpStatusCode.OK, await Revoke());
        Assert.True(await Listed());
        await app.TokenManagementAsync(id, t => { t.ClientRevocation = false; t.ResourceOwnerRevocation = true; });
        Assert.Equal(HttpStatusCode.NotFound, await Revoke());
        await app.TokenManagementAsync(id, t => { t.ClientRevocation = true; t.Enabled = false; });
        Assert.Equal(HttpStatusCode.NotFound, await Revoke());
        Assert.False(await Listed());

        // Revoked while on; token management off stops the checks, back on they apply again (the record was kept).
        await app.TokenManagementAsync(id, t => t.Enabled = true);
        await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", token));
        Assert.False((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());
        await app.TokenManagementAsync(id, t => t.Enabled = false);
        Assert.True((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());
        await app.TokenManagementAsync(id, t => t.Enabled = true);
        Assert.False((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task FormBodyCredentials_WithCustomFieldNames_AreTheOnlyOnesTheRevokeEndpointTakes()
    {
        var (id, name) = await app.ProviderAsync("Form Body Revoke");
        var client = await app.ClientAsync(id);
        var token = await app.TokenAsync(name, client);
        await app.TokenManagementAsync(id, t =>
        {
            t.ClientCredentialsLocation = ClientCredentialsLocation.FormBody;
            t.ClientIdField = "app_key";
            t.ClientSecretField = "app_secret";
        });

        var basic = await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", token));
        var standardNames = await app.PostAsync($"/{name}/oauth2/revoke", null, ("token", token), ("client_id", client.ClientId), ("client_secret", client.Secret!));
        var customNames = await app.PostAsync($"/{name}/oauth2/revoke", null, ("token", token), ("app_key", client.ClientId), ("app_secret", client.Secret!));

        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, standardNames.StatusCode);
        Assert.Equal(HttpStatusCode.OK, customNames.StatusCode);
        Assert.False((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());
        Assert.Contains("client_secret_post", await app.CreateClient().GetStringAsync($"/{name}/.well-known/oauth-authorization-server"));
    }

    [Fact]
    public async Task IntrospectionSwitch_ChangesTheEndpoint_OnTheNextRequest()
    {
        var (id, name) = await app.ProviderAsync("Introspection Switch", introspection: false);
        var client = await app.ClientAsync(id);
        var token = await app.TokenAsync(name, client);

        var off = await app.PostAsync($"/{name}/oauth2/introspect", client, ("token", token));
        await app.ProviderSettingsAsync(id, p => p.IntrospectionEnabled = true);
        var on = await app.PostAsync($"/{name}/oauth2/introspect", client, ("token", token));

        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
    }

    [Fact]
    public async Task Metadata_ListsExactlyTheEndpointsAndGrantsThatAreOn()
    {
        var (id, name) = await app.ProviderAsync("Metadata");
        await app.ClientAsync(id);

        var json = await EngineApp.JsonAsync(await app.CreateClient().GetAsync($"/.well-known/oauth-authorization-server/{name}"));

        Assert.EndsWith($"/{name}", json.GetProperty("issuer").GetString());
        Assert.EndsWith($"/{name}/oauth2/token", json.GetProperty("token_endpoint").GetString());
        Assert.EndsWith($"/{name}/oauth2/introspect", json.GetProperty("introspection_endpoint").GetString());
        Assert.EndsWith($"/{name}/oauth2/revoke", json.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["client_credentials"], json.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["orders:read", "orders:write"], json.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
    }
}
