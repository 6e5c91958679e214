using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Clients;
using Portal.Domain.Engine;
using Portal.Domain.Engine.External;
using Portal.Domain.TokenManagement;
using Portal.Tests.OAuth;
using Portal.Tests.TestData;

namespace Portal.Tests.External;

/// <summary>
/// External token management (spec §5) against a real recording service on loopback: what is sent, what is cached,
/// and what a failure does under each fail-on-error setting.
/// </summary>
public sealed class ExternalEngineTests(EngineApp app) : IClassFixture<EngineApp>, IAsyncLifetime
{
    private ExternalStub _stub = null!;

    public async Task InitializeAsync() => _stub = await ExternalStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    /// <summary>A provider whose token management is External against <paramref name="endpoint"/>, and a client of it.</summary>
    private async Task<(Guid Id, string Name, IssuedSecret Client)> ExternalProviderAsync(
        string title, string? endpoint = null, Action<TokenManagementInput>? change = null)
    {
        var (id, name) = await app.ProviderAsync(title, revocation: false);
        var client = await app.ClientAsync(id);
        await app.TokenManagementAsync(id, t =>
        {
            t.Enabled = true;
            t.Type = TokenManagementType.External;
            t.Endpoint = endpoint ?? _stub.Endpoint;
            t.FailOnError = true;
            t.CacheType = ExternalCacheType.None;
            t.TimeoutMs = 2000;
            change?.Invoke(t);
        });
        return (id, name, client);
    }

    private static bool Active(JsonElement introspection) => introspection.GetProperty("active").GetBoolean();

    [Fact]
    public async Task AnIssuedToken_IsNotified_WithExactlyTheFieldsOfSection51()
    {
        var (_, name, client) = await ExternalProviderAsync("External Notify");

        var response = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"), ("scope", "orders:read"));
        var token = await EngineApp.JsonAsync(response);

        var sent = Assert.Single(_stub.Notifications);
        Assert.Equal("/tokens", sent.Path);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal("no-transform", sent.Header("Cache-Control"));
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(["token_type", "access_token", "scope", "client_id", "resource_owner", "generated", "expires_in"],
            body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(token.GetProperty("access_token").GetString(), body.RootElement.GetProperty("access_token").GetString());
        Assert.Equal("orders:read", body.RootElement.GetProperty("scope").GetString());
        Assert.Equal(client.ClientId, body.RootElement.GetProperty("client_id").GetString());
        Assert.Equal(client.ClientId, body.RootElement.GetProperty("resource_owner").GetString());
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds(), body.RootElement.GetProperty("generated").GetInt64());
        Assert.Equal(600, body.RootElement.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task APasswordGrantWithARefreshToken_IsNotified_WithTheRefreshFields_AndARefreshIsCheckedFirst()
    {
        var (id, name, password) = await app.PasswordProviderAsync("External Password");
        var client = await app.ClientAsync(id, grants: Portal.Domain.Providers.GrantTypes.Password);
        await app.TokenManagementAsync(id, t =>
        {
            t.Type = TokenManagementType.External;
            t.Endpoint = _stub.Endpoint;
            t.CacheType = ExternalCacheType.None;
        });

        var issued = await app.PasswordTokenAsync(name, client, password);
        var refreshToken = issued.GetProperty("refresh_token").GetString()!;
        var refreshed = await app.RefreshAsync(name, client, refreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var notifications = _stub.Notifications.ToList();
        Assert.Equal(2, notifications.Count);
        using var first = JsonDocument.Parse(notifications[0].Body);
        Assert.Equal(["token_type", "access_token", "refresh_token", "scope", "client_id", "resource_owner", "generated", "expires_in", "refresh_token_expires_in"],
            first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(refreshToken, first.RootElement.GetProperty("refresh_token").GetString());
        Assert.Equal("alice", first.RootElement.GetProperty("resource_owner").GetString());
        Assert.Equal(3600, first.RootElement.GetProperty("refresh_token_expires_in").GetInt32());
        // The refresh asked about the refresh token before anything new was issued.
        var check = Assert.Single(_stub.Checks);
        Assert.Equal(refreshToken, check.Header("refresh-token"));
        Assert.Null(check.Header("access-token"));
        Assert.Equal("alice", check.Header("resource-owner"));
        Assert.True(_stub.Requests.ToList().IndexOf(check) < _stub.Requests.ToList().IndexOf(notifications[1]));
    }

    [Fact]
    public async Task ARefresh_IsRefusedForARefreshTokenTheServiceRevoked_AndWaitsOutAServiceThatIsDown()
    {
        var (id, name, password) = await app.PasswordProviderAsync("External Refresh");
        var client = await app.ClientAsync(id, grants: Portal.Domain.Providers.GrantTypes.Password);
        await app.TokenManagementAsync(id, t => { t.Type = TokenManagementType.External; t.Endpoint = _stub.Endpoint; t.FailOnError = true; });
        var revoked = (await app.PasswordTokenAsync(name, client, password)).GetProperty("refresh_token").GetString()!;
        var kept = (await app.PasswordTokenAsync(name, client, password)).GetProperty("refresh_token").GetString()!;

        _stub.OnCheck = r => r.Header("refresh-token") == revoked ? StubAnswer.Revoked : new StubAnswer(500, "down");
        var refused = await app.RefreshAsync(name, client, revoked);
        var unavailable = await app.RefreshAsync(name, client, kept);
        _stub.OnCheck = _ => StubAnswer.Active;
        var later = await app.RefreshAsync(name, client, kept);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", (await EngineApp.JsonAsync(refused)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("temporarily_unavailable", (await EngineApp.JsonAsync(unavailable)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Introspection_AsksTheService_WithExactlyTheHeadersOfSection52()
    {
        var (_, name, client) = await ExternalProviderAsync("External Check");
        var token = await app.TokenAsync(name, client, "orders:read orders:write");

        var answer = await app.IntrospectAsync(name, client, token);

        Assert.True(Active(answer));
        var check = Assert.Single(_stub.Checks);
        Assert.Equal("/tokens", check.Path);
        Assert.Equal("", check.Body);
        Assert.Equal(client.ClientId, check.Header("client-id"));
        Assert.Equal(client.ClientId, check.Header("resource-owner"));
        Assert.Equal(token, check.Header("access-token"));
        Assert.Equal("orders:read orders:write", check.Header("scope"));
        Assert.Equal("application/json", check.Header("Accept"));
        Assert.Null(check.Header("Authorization"));
    }

    [Fact]
    public async Task ATokenTheServiceCallsRevoked_IsInactive()
    {
        var (_, name, client) = await ExternalProviderAsync("External Revoked");
        var token = await app.TokenAsync(name, client);
        _stub.OnCheck = r => r.Header("access-token") == token ? StubAnswer.Revoked : StubAnswer.Active;

        Assert.False(Active(await app.IntrospectAsync(name, client, token)));
        Assert.True(Active(await app.IntrospectAsync(name, client, await app.TokenAsync(name, client))));
        // Another spelling of the same bytes would be a token the service never heard of: there is none.
        Assert.False(Active(await app.IntrospectAsync(name, client, token + "=")));
        Assert.False(Active(await app.IntrospectAsync(name, client, token[..20] + " " + token[20..])));
    }

    [Fact]
    public async Task TtlCache_AnswersWithinItsTtl_AndAsksAgainAfter()
    {
        var (_, name, client) = await ExternalProviderAsync("External Ttl", change: t => { t.CacheType = ExternalCacheType.TimeToLive; t.CacheTtl = 60; });
        var token = await app.TokenAsync(name, client);

        await app.IntrospectAsync(name, client, token);
        await app.IntrospectAsync(name, client, token);
        var withinTtl = _stub.Checks.Count();
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.IntrospectAsync(name, client, token);

        Assert.Equal(1, withinTtl);
        Assert.Equal(2, _stub.Checks.Count());
    }

    [Fact]
    public async Task NoCache_AsksEveryTime()
    {
        var (_, name, client) = await ExternalProviderAsync("External No Cache");
        var token = await app.TokenAsync(name, client);

        for (var i = 0; i < 3; i++)
            await app.IntrospectAsync(name, client, token);

        Assert.Equal(3, _stub.Checks.Count());
    }

    [Fact]
    public async Task ProtocolCache_FollowsTheServicesMaxAge_AndKeepsNothingWithoutIt()
    {
        var (_, name, client) = await ExternalProviderAsync("External Protocol", change: t => t.CacheType = ExternalCacheType.Protocol);
        var cached = await app.TokenAsync(name, client);
        var uncached = await app.TokenAsync(name, client);
        _stub.OnCheck = r => r.Header("access-token") == cached ? StubAnswer.Active with { CacheControl = "max-age=30" } : StubAnswer.Active;

        await app.IntrospectAsync(name, client, cached);
        await app.IntrospectAsync(name, client, cached);
        await app.IntrospectAsync(name, client, uncached);
        await app.IntrospectAsync(name, client, uncached);
        var before = _stub.Checks.Select(c => c.Header("access-token")).ToList();
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await app.IntrospectAsync(name, client, cached);

        Assert.Equal(1, before.Count(t => t == cached));
        Assert.Equal(2, before.Count(t => t == uncached));
        Assert.Equal(2, _stub.Checks.Count(c => c.Header("access-token") == cached));
    }

    [Fact]
    public async Task ARevocationInThisProduct_BeatsACachedAnswer_InExternalMode()
    {
        var (id, name, client) = await ExternalProviderAsync("External Local Revoke",
            change: t => { t.CacheType = ExternalCacheType.TimeToLive; t.CacheTtl = 900; });
        var token = await app.TokenAsync(name, client);
        Assert.True(Active(await app.IntrospectAsync(name, client, token)));

        var preview = await app.WithScope(s => s.GetRequiredService<TokenAdminService>().PreviewAsync(Actors.Owner, id,
            new RevocationRequest(RevocationScope.Client, ClientId: client.ClientId)));
        var revoked = await app.WithScope(s => s.GetRequiredService<TokenAdminService>().RevokeAsync(Actors.Owner, id,
            new RevocationRequest(RevocationScope.Client, ClientId: client.ClientId), preview.Value!.Confirmation));

        Assert.True(revoked.IsSuccess, revoked.Message);
        Assert.False(Active(await app.IntrospectAsync(name, client, token)));
        Assert.Single(_stub.Checks);
    }

    public enum Failure
    {
        ConnectionRefused,
        Timeout,
        Http500,
        MalformedBody,
    }

    [Theory]
    [InlineData(Failure.ConnectionRefused, true)]
    [InlineData(Failure.ConnectionRefused, false)]
    [InlineData(Failure.Timeout, true)]
    [InlineData(Failure.Timeout, false)]
    [InlineData(Failure.Http500, true)]
    [InlineData(Failure.Http500, false)]
    [InlineData(Failure.MalformedBody, true)]
    [InlineData(Failure.MalformedBody, false)]
    public async Task AFailingService_RefusesIssuanceAndTokens_OnlyWhenFailOnErrorIsOn(Failure failure, bool failOnError)
    {
        var (id, name, client) = await ExternalProviderAsync($"External {failure} {failOnError}");
        var token = await app.TokenAsync(name, client);
        var broken = failure switch
        {
            Failure.Timeout => new StubAnswer(200, """{"active": true}""", Delay: TimeSpan.FromSeconds(3)),
            Failure.Http500 => new StubAnswer(500, "oops"),
            _ => new StubAnswer(200, "<html>not json</html>"),
        };
        _stub.OnNotify = _ => broken;
        _stub.OnCheck = _ => broken;
        await app.TokenManagementAsync(id, t =>
        {
            t.FailOnError = failOnError;
            t.TimeoutMs = 300;
            if (failure == Failure.ConnectionRefused)
                t.Endpoint = ExternalStub.ClosedEndpoint();
        });

        var issuance = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"));
        var introspection = await app.IntrospectAsync(name, client, token);

        // A notification needs HTTP 200 and nothing else (spec §5.1): its body is not read, so a 200 with any body is
        // a success. A validation needs 200 with {"active": ...} (§5.2).
        if (failOnError && failure != Failure.MalformedBody)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, issuance.StatusCode);
            var error = await EngineApp.JsonAsync(issuance);
            Assert.Equal("temporarily_unavailable", error.GetProperty("error").GetString());
            Assert.False(error.TryGetProperty("access_token", out _));
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, issuance.StatusCode);
        }
        if (failOnError)
            Assert.Equal("{\"active\":false}", introspection.GetRawText());
        else
            Assert.True(Active(introspection));
        if (failure != Failure.ConnectionRefused)
            Assert.NotEmpty(_stub.Checks);
        Assert.Contains(app.Logs, l => l.Contains("token management service of provider", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServiceThatSendsItsHeadersAndThenStalls_TimesOut()
    {
        var (_, name, client) = await ExternalProviderAsync("External Stall", change: t => t.TimeoutMs = 300);
        var token = await app.TokenAsync(name, client);
        _stub.OnCheck = _ => StubAnswer.Active with { BodyDelay = TimeSpan.FromSeconds(30) };

        var answer = await app.IntrospectAsync(name, client, token);

        Assert.Equal("{\"active\":false}", answer.GetRawText());
        Assert.Contains(app.Logs, l => l.Contains("No answer within 300 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeadService_OpensTheCircuit_AndLaterChecksFailAtOnceWithoutCallingIt()
    {
        var (id, name, client) = await ExternalProviderAsync("External Circuit", change: t => t.TimeoutMs = 200);
        var token = await app.TokenAsync(name, client);
        _stub.OnCheck = _ => new StubAnswer(500, "down");

        for (var i = 0; i < 6; i++)
            Assert.False(Active(await app.IntrospectAsync(name, client, token)));
        var reached = _stub.Checks.Count();
        for (var i = 0; i < 5; i++)
            Assert.False(Active(await app.IntrospectAsync(name, client, token)));
        var health = await app.WithScope(s => s.GetRequiredService<ExternalHealthService>().HealthAsync(Actors.Owner, id));

        // The breaker opens once at least 5 calls in 30 s (the token's notification among them) failed by half or more.
        Assert.InRange(reached, 4, 6);
        Assert.Equal(reached, _stub.Checks.Count());
        Assert.Equal("open", health.Value!.CircuitState);
        Assert.Equal(12, health.Value.Counters.Calls);
        Assert.Equal(11, health.Value.Counters.Errors);
        Assert.Contains("circuit open", health.Value.Counters.LastProblem);
    }

    [Fact]
    public async Task TestingUnsavedSettings_CallsTheFormsService_WithTheTypedPassword_AndChangesNothingSaved()
    {
        var (id, name, client) = await ExternalProviderAsync("External Draft Test", endpoint: ExternalStub.ClosedEndpoint());
        var saved = app.Services.GetRequiredService<Portal.Domain.TokenManagement.TokenPolicySnapshots>().Find(id)!;
        var input = (await app.WithScope(s => s.GetRequiredService<TokenManagementService>().GetAsync(Actors.Owner, id))).Value!;
        input.Endpoint = _stub.Endpoint;
        input.Security = ExternalSecurity.BasicAuthentication;
        input.Username = "draft";
        input.PasswordChange = SecretChange.Replace;
        input.NewPassword = "typed-not-saved";

        var tested = await app.WithScope(s => s.GetRequiredService<ExternalHealthService>().TestSettingsAsync(Actors.Owner, input));
        var denied = await app.WithScope(s => s.GetRequiredService<ExternalHealthService>().TestSettingsAsync(
            Actors.With(Portal.Domain.Access.Permissions.SettingsView), input));
        input.Endpoint = "not a url";
        var invalid = await app.WithScope(s => s.GetRequiredService<ExternalHealthService>().TestSettingsAsync(Actors.Owner, input));

        Assert.Equal(ProbeStage.Passed, tested.Value!.Stage);
        Assert.Equal("Basic " + Convert.ToBase64String("draft:typed-not-saved"u8.ToArray()), Assert.Single(_stub.Checks).Header("Authorization"));
        Assert.Same(saved, app.Services.GetRequiredService<Portal.Domain.TokenManagement.TokenPolicySnapshots>().Find(id));
        Assert.Equal(Portal.Domain.Common.ResultStatus.Forbidden, denied.Status);
        Assert.Equal(Portal.Domain.Common.ResultStatus.Invalid, invalid.Status);
        // The engine still uses the saved (closed) endpoint.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"))).StatusCode);
    }

    [Fact]
    public async Task AResourceOwnerWithANonAsciiName_IsSentAsUtf8()
    {
        var (id, name, _) = await app.PasswordProviderAsync("External Utf8");
        var zoe = await app.WithScope(s => s.GetRequiredService<Portal.Domain.ResourceOwners.ResourceOwnerService>()
            .CreateAsync(Actors.Owner, id, new Portal.Domain.ResourceOwners.ResourceOwnerInput { UserName = "zoë" }));
        var client = await app.ClientAsync(id, grants: Portal.Domain.Providers.GrantTypes.Password);
        await app.TokenManagementAsync(id, t => { t.Type = TokenManagementType.External; t.Endpoint = _stub.Endpoint; });
        var issued = await app.PasswordTokenAsync(name, client, zoe.Value!.Password, "zoë");

        var refreshed = await app.RefreshAsync(name, client, issued.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal("zoë", Assert.Single(_stub.Checks).Header("resource-owner"));
    }

    [Fact]
    public async Task BasicAuthentication_GoesInAuthorization_OrInTheConfiguredHeader()
    {
        var (id, name, client) = await ExternalProviderAsync("External Basic", change: t =>
        {
            t.Security = ExternalSecurity.BasicAuthentication;
            t.Username = "portal";
            t.PasswordChange = SecretChange.Replace;
            t.NewPassword = "s3cret";
        });
        await app.TokenAsync(name, client);
        await app.TokenManagementAsync(id, t => t.RequestHeaderName = "X-Service-Auth");
        await app.TokenAsync(name, client);

        var expected = "Basic " + Convert.ToBase64String("portal:s3cret"u8.ToArray());
        var (first, second) = (_stub.Notifications.First(), _stub.Notifications.Last());
        Assert.Equal(expected, first.Header("Authorization"));
        Assert.Null(first.Header("X-Service-Auth"));
        Assert.Equal(expected, second.Header("X-Service-Auth"));
        Assert.Null(second.Header("Authorization"));
        Assert.DoesNotContain(app.Logs, l => l.Contains("s3cret", StringComparison.Ordinal) || l.Contains(expected[6..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomHeaders_MatchingThePattern_AreForwarded_NeverAuthorizationOrCookie()
    {
        var (_, name, client) = await ExternalProviderAsync("External Forward", change: t => t.CustomHeaderPattern = "^X-(Trace|Tenant)-");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{name}/oauth2/token")
        {
            Content = EngineApp.Form(("grant_type", "client_credentials")),
        };
        request.Headers.Authorization = EngineApp.Basic(client);
        request.Headers.Add("X-Trace-Id", "abc-123");
        request.Headers.Add("X-Tenant-Name", "acme");
        request.Headers.Add("X-Other", "no");
        request.Headers.Add("Cookie", "session=secret");

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(request)).StatusCode);

        var sent = Assert.Single(_stub.Notifications);
        Assert.Equal("abc-123", sent.Header("X-Trace-Id"));
        Assert.Equal("acme", sent.Header("X-Tenant-Name"));
        Assert.Null(sent.Header("X-Other"));
        Assert.Null(sent.Header("Cookie"));
        Assert.Null(sent.Header("Authorization"));
    }

    [Fact]
    public async Task SwitchingBetweenNativeAndExternal_ChangesTheNextRequest_AndLocalRevocationsHoldInBoth()
    {
        var (id, name, client) = await ExternalProviderAsync("External Switch");
        var kept = await app.TokenAsync(name, client);
        var revoked = await app.TokenAsync(name, client);
        var notified = _stub.Notifications.Count();

        await app.TokenManagementAsync(id, t => { t.Type = TokenManagementType.Native; t.ClientRevocation = true; });
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", revoked))).StatusCode);
        await app.TokenAsync(name, client);
        Assert.True(Active(await app.IntrospectAsync(name, client, kept)));
        Assert.Equal(notified, _stub.Notifications.Count());
        Assert.Empty(_stub.Checks);

        await app.TokenManagementAsync(id, t => t.Type = TokenManagementType.External);
        _stub.OnCheck = _ => StubAnswer.Active;

        Assert.True(Active(await app.IntrospectAsync(name, client, kept)));
        Assert.False(Active(await app.IntrospectAsync(name, client, revoked)));
        Assert.Equal(HttpStatusCode.NotFound, (await app.PostAsync($"/{name}/oauth2/revoke", client, ("token", kept))).StatusCode);
        Assert.Single(_stub.Checks);
    }
}
