using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Portal.Tests.OAuth;

/// <summary>Per-client budgets and per-address failure budgets answer 429 with Retry-After (token scanning, secret guessing).</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly LimitedApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed class LimitedApp : EngineApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OAuth:RateLimit:PermitsPerClient", "3");
            builder.UseSetting("OAuth:RateLimit:FailuresPerAddress", "2");
            builder.UseSetting("OAuth:RateLimit:Window", "00:01:00"); // buckets refill on the app's clock, which the test moves
        }
    }

    [Fact]
    public async Task AClientOverItsBudget_Gets429WithRetryAfter_OtherClientsDoNot()
    {
        var (id, name) = await _app.ProviderAsync("Limited");
        var busy = await _app.ClientAsync(id, "Busy");
        var quiet = await _app.ClientAsync(id, "Quiet");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            answers.Add(await _app.PostAsync($"/{name}/oauth2/token", busy, ("grant_type", "client_credentials")));
        var other = await _app.PostAsync($"/{name}/oauth2/token", quiet, ("grant_type", "client_credentials"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode));
        Assert.InRange(int.Parse(answers[3].Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task RepeatedFailedAuthentication_FromOneAddress_Gets429()
    {
        var (id, name) = await _app.ProviderAsync("Guessing");
        var client = await _app.ClientAsync(id);
        var guess = client with { Secret = "guess" };

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            answers.Add((await _app.PostAsync($"/{name}/oauth2/introspect", guess, ("token", "x"))).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
        // Blocked means blocked: the right secret is not even checked until the window passes.
        var right = await _app.PostAsync($"/{name}/oauth2/introspect", client, ("token", "x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.InRange(int.Parse(right.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // A little over half the window gives back one failure; the right secret then works again.
        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync($"/{name}/oauth2/introspect", client, ("token", "x"))).StatusCode);
    }

    [Fact]
    public async Task AClientsBudget_ComesBackAsTheWindowPasses()
    {
        var (id, name) = await _app.ProviderAsync("Refill");
        var busy = await _app.ClientAsync(id, "Busy");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync($"/{name}/oauth2/token", busy, ("grant_type", "client_credentials"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _app.PostAsync($"/{name}/oauth2/token", busy, ("grant_type", "client_credentials"))).StatusCode);

        _app.Clock.Advance(TimeSpan.FromSeconds(21)); // a little over a third of the window: one request's worth
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync($"/{name}/oauth2/token", busy, ("grant_type", "client_credentials"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _app.PostAsync($"/{name}/oauth2/token", busy, ("grant_type", "client_credentials"))).StatusCode);
    }

    [Fact]
    public async Task GuessingAResourceOwnersPassword_CountsAgainstTheAddress_AndIsStoppedBeforeAnyHash()
    {
        var (id, name, password) = await _app.PasswordProviderAsync("Password Guessing");
        var client = await _app.ClientAsync(id, grants: Portal.Domain.Providers.GrantTypes.Password);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            answers.Add((await _app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "password"), ("username", "alice"), ("password", $"guess {i}"))).StatusCode);
        var right = await _app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "password"), ("username", "alice"), ("password", password));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }
}
