using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Http;

namespace Portal.Tests.OAuth;

/// <summary>
/// RFC 6749 §3.2, RFC 7009 §2, RFC 7662 §4: the endpoints that carry secrets and tokens are served over TLS only. A
/// client elsewhere on the network gets 400 over plain HTTP; HTTPS, a TLS proxy on this host, or this host itself pass.
/// </summary>
public sealed class TlsOnlyTests(EngineApp app) : IClassFixture<EngineApp>
{
    private const string Remote = "203.0.113.7";

    private async Task<HttpResponseMessage> PostAsync(string path, Portal.Domain.Clients.IssuedSecret client, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = EngineApp.Form(("grant_type", "client_credentials")) };
        request.Headers.Authorization = EngineApp.Basic(client);
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        return await app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task PlainHttpFromTheNetwork_IsRefused_HttpsAndThisHostAndALocalTlsProxyPass()
    {
        var (id, name) = await app.ProviderAsync("Tls Only");
        var client = await app.ClientAsync(id);
        var path = $"/{name}/oauth2/token";

        var plain = await PostAsync(path, client, (PortalFactory.RemoteAddressHeader, Remote));
        var spoofed = await PostAsync(path, client, (PortalFactory.RemoteAddressHeader, Remote), ("X-Forwarded-Proto", "https"));
        var local = await PostAsync(path, client);
        var proxied = await PostAsync(path, client, ("X-Forwarded-For", Remote), ("X-Forwarded-Proto", "https"));
        using var https = app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = EngineApp.Form(("grant_type", "client_credentials")) };
        request.Headers.Authorization = EngineApp.Basic(client);
        request.Headers.Add(PortalFactory.RemoteAddressHeader, Remote);
        var secure = await https.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal("invalid_request", (await EngineApp.JsonAsync(plain)).GetProperty("error").GetString());
        Assert.Equal("no-store", plain.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, spoofed.StatusCode); // only a proxy on this host is believed
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
    }
}

/// <summary>With <c>OAuth:RequireHttps</c> false (a network where TLS ends elsewhere), plain HTTP is served to anyone.</summary>
public sealed class TlsOptionalTests : IDisposable
{
    private readonly OptionalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed class OptionalApp : EngineApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OAuth:RequireHttps", "false");
        }
    }

    [Fact]
    public async Task PlainHttpFromTheNetwork_IsServed()
    {
        var (id, name) = await _app.ProviderAsync("Tls Optional");
        var client = await _app.ClientAsync(id);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{name}/oauth2/token") { Content = EngineApp.Form(("grant_type", "client_credentials")) };
        request.Headers.Authorization = EngineApp.Basic(client);
        request.Headers.Add(PortalFactory.RemoteAddressHeader, "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().SendAsync(request)).StatusCode);
    }
}

/// <summary>A proxy listed in <c>ForwardedHeaders:KnownProxies</c> (another container, say) is believed when it says HTTPS.</summary>
public sealed class KnownProxyTests : IDisposable
{
    private const string Proxy = "198.51.100.4";
    private readonly ProxiedApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed class ProxiedApp : EngineApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ForwardedHeaders:KnownProxies:0", Proxy);
        }
    }

    private async Task<HttpStatusCode> SendAsync(Portal.Domain.Clients.IssuedSecret client, string path, string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = EngineApp.Form(("grant_type", "client_credentials")) };
        request.Headers.Authorization = EngineApp.Basic(client);
        request.Headers.Add(PortalFactory.RemoteAddressHeader, from);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        return (await _app.CreateClient().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task AListedProxySayingHttps_IsServed_AnUnlistedOneIsNot()
    {
        var (id, name) = await _app.ProviderAsync("Known Proxy");
        var client = await _app.ClientAsync(id);

        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, $"/{name}/oauth2/token", Proxy));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(client, $"/{name}/oauth2/token", "198.51.100.5"));
    }
}
