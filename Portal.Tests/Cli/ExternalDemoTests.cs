using System.Net;
using System.Text;
using System.Text.Json;
using Portal.Cli;

namespace Portal.Tests.Cli;

/// <summary>The reference external service speaks spec §5 and revokes by hand.</summary>
public sealed class ExternalDemoTests : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _service = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _service = await ExternalDemo.StartAsync(new ExternalDemo.Options(0, MaxAge: 30, User: "portal", Password: "pw"));
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_service.Urls.First()) };
        _http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("portal:pw"u8.ToArray()));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _service.DisposeAsync();
    }

    private async Task NotifyAsync(string token, string client, string owner, long generated)
    {
        var body = $$"""{"token_type":"bearer","access_token":"{{token}}","scope":"s","client_id":"{{client}}","resource_owner":"{{owner}}","generated":{{generated}},"expires_in":60}""";
        var response = await _http.PostAsync("/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(bool Active, string? CacheControl)> CheckAsync(string token, string client, string owner)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tokens");
        request.Headers.Add("client-id", client);
        request.Headers.Add("resource-owner", owner);
        request.Headers.Add("access-token", token);
        request.Headers.Add("scope", "s");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("active").GetBoolean(), response.Headers.CacheControl?.ToString());
    }

    private async Task RevokeAsync(params (string, string)[] form)
    {
        var response = await _http.PostAsync("/revoke", new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // back to the page
    }

    [Fact]
    public async Task ATokenRevokedByHand_IsAnsweredInactive_OthersActive_WithTheConfiguredMaxAge()
    {
        await NotifyAsync("tok-1", "c1", "alice", 100);
        await NotifyAsync("tok-2", "c1", "alice", 100);

        await RevokeAsync(("token", "tok-1"));

        Assert.Equal((false, "max-age=30"), await CheckAsync("tok-1", "c1", "alice"));
        Assert.Equal((true, "max-age=30"), await CheckAsync("tok-2", "c1", "alice"));
        Assert.Contains(">revoked<", await _http.GetStringAsync("/"));
    }

    [Fact]
    public async Task AClientsRevocation_CoversItsEarlierTokens_AndIsListedInTheV5Document()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await NotifyAsync("old", "c2", "laura", now - 60);
        await RevokeAsync(("client-id", "c2"), ("resource-owner", "laura"));
        await NotifyAsync("new", "c2", "laura", now + 60);

        Assert.False((await CheckAsync("old", "c2", "laura")).Active);
        Assert.True((await CheckAsync("new", "c2", "laura")).Active);
        Assert.True((await CheckAsync("other", "c2", "emily")).Active);
        var xml = System.Xml.Linq.XDocument.Parse(await _http.GetStringAsync("/revocations.xml"));
        var entry = Assert.Single(xml.Root!.Elements("revoke"));
        Assert.Equal("c2", entry.Attribute("client-id")!.Value);
        Assert.Equal("laura", entry.Attribute("resource-owner")!.Value);
    }

    [Fact]
    public async Task WithoutTheCredential_TheProtocolIsRefused()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/tokens")).StatusCode);
    }

    [Fact]
    public async Task ARequestForAnotherHostName_IsRefused_SoDnsRebindingReachesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "attacker.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await _http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("--port", "x")]
    [InlineData("--user", "only")]
    [InlineData("--verbose")]
    public void BadArguments_AreRefused(params string[] args) =>
        Assert.False(ExternalDemo.TryParse([ExternalDemo.Command, .. args], out _, out _));
}
