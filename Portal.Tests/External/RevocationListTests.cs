using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Clients;
using Portal.Domain.Engine.External;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Domain.TokenManagement;
using Portal.Tests.OAuth;
using Portal.Tests.TestData;

namespace Portal.Tests.External;

/// <summary>The v5 compatible mode (spec §5.3) against a real service on loopback serving the XML list.</summary>
public sealed class RevocationListTests(EngineApp app) : IClassFixture<EngineApp>, IAsyncLifetime
{
    private ExternalStub _service = null!;

    public async Task InitializeAsync() => _service = await ExternalStub.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private sealed record V5Provider(Guid Id, string Name, IssuedSecret Application, IssuedSecret Users, Dictionary<string, string> Passwords);

    /// <summary>A v5 compatible provider with an application client, a password client, and users laura and emily.</summary>
    private async Task<V5Provider> ProviderAsync(string title)
    {
        var input = Build.Provider(title);
        input.GatewayType = GatewayType.V5Compatible;
        input.GrantTypes = GrantTypes.Application | GrantTypes.Password;
        input.IntrospectionEnabled = true;
        input.RefreshTokensEnabled = true;
        input.RefreshTokenCount = 5;
        var id = (await app.WithScope(s => s.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, input))).Value;
        var passwords = new Dictionary<string, string>();
        foreach (var user in new[] { "laura", "emily" })
        {
            var created = await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().CreateAsync(Actors.Owner, id, new ResourceOwnerInput { UserName = user }));
            passwords[user] = created.Value!.Password;
        }
        return new V5Provider(id, input.Name, await app.ClientAsync(id, "Batch"), await app.ClientAsync(id, "Mobile", GrantTypes.Password), passwords);
    }

    private Task PollingAsync(Guid providerId) => app.TokenManagementAsync(providerId, t =>
    {
        t.Enabled = true;
        t.Type = TokenManagementType.External;
        t.Endpoint = _service.Endpoint;
        t.PollIntervalSeconds = 60;
    });

    private Task<(bool Applied, RevocationListStatus Status)> PollAsync(Guid providerId) =>
        app.Services.GetRequiredService<RevocationListPolling>().PollAsync(
            app.Services.GetRequiredService<TokenPolicySnapshots>().Find(providerId)!);

    private async Task<bool> ActiveAsync(V5Provider p, string token) =>
        (await app.IntrospectAsync(p.Name, p.Application, token)).GetProperty("active").GetBoolean();

    private static StubAnswer Xml(string body) => new(200, body);

    [Fact]
    public async Task AListRevokingAClientAndOneUsersGrant_IsApplied_ToTokensIssuedBeforeIt()
    {
        var p = await ProviderAsync("V5 Applied");
        var application = await app.TokenAsync(p.Name, p.Application);
        var laura = await app.PasswordTokenAsync(p.Name, p.Users, p.Passwords["laura"], "laura");
        var emily = await app.PasswordTokenAsync(p.Name, p.Users, p.Passwords["emily"], "emily");
        _service.OnCheck = _ => Xml($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <oauth-revocation>
              <revoke client-id="{p.Application.ClientId}"/>
              <revoke client-id="{p.Users.ClientId}" resource-owner="laura"/>
            </oauth-revocation>
            """);
        await PollingAsync(p.Id);

        var (applied, status) = await PollAsync(p.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await app.TokenAsync(p.Name, p.Application);

        Assert.True(applied);
        Assert.Equal(2, status.Entries);
        Assert.False(await ActiveAsync(p, application));
        Assert.False(await ActiveAsync(p, laura.GetProperty("access_token").GetString()!));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest,
            (await app.RefreshAsync(p.Name, p.Users, laura.GetProperty("refresh_token").GetString()!)).StatusCode);
        Assert.True(await ActiveAsync(p, emily.GetProperty("access_token").GetString()!));
        Assert.True(await ActiveAsync(p, after));
        // v5 polls; it neither notifies nor asks per token.
        Assert.Empty(_service.Notifications);
        Assert.All(_service.Checks, c =>
        {
            Assert.Equal("IBM-APIManagement/4.0", c.Header("User-Agent"));
            Assert.Equal("application/xml; text/xml", c.Header("Accept"));
            Assert.Null(c.Header("access-token"));
        });
    }

    [Theory]
    [InlineData("dtd")]
    [InlineData("entities")]
    [InlineData("huge")]
    [InlineData("not-a-list")]
    [InlineData("status-500")]
    public async Task AHostileOrBrokenList_IsRefused_AndTheLastGoodOneStays(string kind)
    {
        var p = await ProviderAsync($"V5 Hostile {kind}");
        var application = await app.TokenAsync(p.Name, p.Application);
        _service.OnCheck = _ => Xml($"""<oauth-revocation><revoke client-id="{p.Application.ClientId}"/></oauth-revocation>""");
        await PollingAsync(p.Id);
        Assert.True((await PollAsync(p.Id)).Applied);
        var hostile = kind switch
        {
            "dtd" => Xml("""<?xml version="1.0"?><!DOCTYPE oauth-revocation SYSTEM "file:///etc/passwd"><oauth-revocation/>"""),
            "entities" => Xml("""
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <oauth-revocation><revoke client-id="&lol3;"/></oauth-revocation>
                """),
            "huge" => Xml("<oauth-revocation>" + string.Concat(Enumerable.Repeat("<revoke client-id=\"padding-padding-padding\"/>", 240_000)) + "</oauth-revocation>"),
            "not-a-list" => Xml("""{"active": true}"""),
            _ => new StubAnswer(500, "oops"),
        };
        _service.OnCheck = _ => hostile;

        var (applied, status) = await PollAsync(p.Id);

        Assert.False(applied);
        Assert.Equal(1, status.Entries);
        Assert.Contains(kind switch
        {
            "dtd" or "entities" => "DTD",
            "huge" => "larger than 4 MB",
            "status-500" => "HTTP 500",
            _ => "not well-formed",
        }, status.LastProblem);
        Assert.False(await ActiveAsync(p, application));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UntilAFirstGoodList_TokensFollowFailOnError(bool failOnError)
    {
        var p = await ProviderAsync($"V5 First List {failOnError}");
        var application = await app.TokenAsync(p.Name, p.Application);
        _service.OnCheck = _ => new StubAnswer(503, "starting");
        var poller = app.Services.GetRequiredService<Portal.External.RevocationListPoller>();
        await app.TokenManagementAsync(p.Id, t =>
        {
            t.Enabled = true;
            t.Type = TokenManagementType.External;
            t.Endpoint = _service.Endpoint;
            t.FailOnError = failOnError;
        });

        await poller.PollDueAsync(default);
        var whileDown = await ActiveAsync(p, application);
        _service.OnCheck = _ => Xml("<oauth-revocation/>");
        await PollAsync(p.Id);

        Assert.Equal(!failOnError, whileDown);
        Assert.True(await ActiveAsync(p, application));
    }

    [Fact]
    public async Task TheScheduler_PollsNewSettingsAtOnce_ThenEveryInterval_AndDropsTheListWhenTheProviderStopsPolling()
    {
        var p = await ProviderAsync("V5 Scheduler");
        var application = await app.TokenAsync(p.Name, p.Application);
        _service.OnCheck = _ => Xml($"""<oauth-revocation><revoke client-id="{p.Application.ClientId}"/></oauth-revocation>""");
        var poller = app.Services.GetRequiredService<Portal.External.RevocationListPoller>();
        await PollingAsync(p.Id);

        await poller.PollDueAsync(default);
        var first = _service.Checks.Count();
        await poller.PollDueAsync(default);
        var again = _service.Checks.Count();
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await poller.PollDueAsync(default);
        var inactive = await ActiveAsync(p, application);
        await app.TokenManagementAsync(p.Id, t => { t.Type = TokenManagementType.Native; t.ClientRevocation = true; });
        await poller.PollDueAsync(default);

        Assert.True(first >= 1);
        Assert.Equal(first, again);
        Assert.Equal(first + 1, _service.Checks.Count());
        Assert.False(inactive);
        Assert.True(await ActiveAsync(p, application));
    }
}
