using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Portal.Domain.Providers;

namespace Portal.Tests.OAuth;

/// <summary>The token endpoint (RFC 6749 §4.4, §5) over real HTTP: client authentication and its errors, scopes, headers.</summary>
public sealed class TokenEndpointTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task ClientCredentials_WithBasic_IssuesAnOpaqueBearerToken_ThatIsNeverCached()
    {
        var (id, name) = await app.ProviderAsync("Token Basic");
        var client = await app.ClientAsync(id);
        var foreign = await app.ClientAsync((await app.ProviderAsync("Token Basic Other")).Id);

        var response = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"));
        var other = await app.PostAsync($"/{name}/oauth2/token", foreign, ("grant_type", "client_credentials"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Contains("no-cache", response.Headers.Pragma.ToString());
        var json = await EngineApp.JsonAsync(response);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(600, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("orders:read orders:write", json.GetProperty("scope").GetString());
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds(), json.GetProperty("consented_on").GetInt64());
        Assert.Matches("^[A-Za-z0-9_-]{100,}$", json.GetProperty("access_token").GetString()!);
        // A client of another provider is unknown here.
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task ClientCredentials_FromTheFormBody_OrTheIbmHeaders_Work_AndTheScopeCanNarrow()
    {
        var (id, name) = await app.ProviderAsync("Token Places");
        var client = await app.ClientAsync(id);

        var form = await app.CreateClient().PostAsync($"/{name}/oauth2/token", EngineApp.Form(
            ("grant_type", "client_credentials"), ("client_id", client.ClientId), ("client_secret", client.Secret!), ("scope", "orders:read")));
        using var ibm = new HttpRequestMessage(HttpMethod.Post, $"/{name}/oauth2/token") { Content = EngineApp.Form(("grant_type", "client_credentials")) };
        ibm.Headers.Add("X-IBM-Client-Id", client.ClientId);
        ibm.Headers.Add("X-IBM-Client-Secret", client.Secret);
        var headers = await app.CreateClient().SendAsync(ibm);

        Assert.Equal("orders:read", (await EngineApp.JsonAsync(form)).GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.OK, headers.StatusCode);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("unknown-client")]
    public async Task WrongCredentials_Are401InvalidClient_WithTheBasicChallenge(string what)
    {
        var (id, name) = await app.ProviderAsync($"Token Wrong {what}");
        var client = await app.ClientAsync(id);
        var presented = what == "wrong-secret" ? client with { Secret = client.Secret + "x" } : client with { ClientId = "nobody" };

        var response = await app.PostAsync($"/{name}/oauth2/token", presented, ("grant_type", "client_credentials"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await EngineApp.JsonAsync(response)).GetProperty("error").GetString());
        Assert.Equal($"Basic realm=\"{name}\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task RequestErrors_AreRfc6749Errors_WithTheRightCodes()
    {
        var (id, name) = await app.ProviderAsync("Token Errors");
        var client = await app.ClientAsync(id);
        var codeOnly = await app.ClientAsync(id, "Code only", GrantTypes.AccessCode);
        var path = $"/{name}/oauth2/token";

        async Task<(HttpStatusCode, string)> Send(HttpRequestMessage request)
        {
            var response = await app.CreateClient().SendAsync(request);
            return (response.StatusCode, (await EngineApp.JsonAsync(response)).GetProperty("error").GetString()!);
        }
        HttpRequestMessage Post(params (string, string)[] fields) => new(HttpMethod.Post, path)
        {
            Content = EngineApp.Form(fields),
            Headers = { Authorization = EngineApp.Basic(client) },
        };

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await Send(Post()));
        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), await Send(Post(("grant_type", "urn:example:magic"))));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), await Send(Post(("grant_type", "client_credentials"), ("scope", "orders:read admin"))));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"),
            await Send(Post(("grant_type", "client_credentials"), ("client_secret", client.Secret!))));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"),
            await Send(new HttpRequestMessage(HttpMethod.Post, path + "?client_id=someone-else")
            {
                Content = EngineApp.Form(("grant_type", "client_credentials")),
                Headers = { Authorization = EngineApp.Basic(client) },
            }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await Send(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json"),
            Headers = { Authorization = EngineApp.Basic(client) },
        }));
        Assert.Equal((HttpStatusCode.BadRequest, "unauthorized_client"), await Send(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = EngineApp.Form(("grant_type", "client_credentials")),
            Headers = { Authorization = EngineApp.Basic(codeOnly) },
        }));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), await Send(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = EngineApp.Form(("grant_type", "client_credentials")),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", "not base64!") },
        }));
        var get = await app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task RepeatedParameters_AreRefused_AndEvery401CarriesAChallenge()
    {
        var (id, name) = await app.ProviderAsync("Token Repeated");
        var client = await app.ClientAsync(id);

        var repeated = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"), ("scope", "orders:read"), ("scope", "orders:read"));
        var formFailure = await app.CreateClient().PostAsync($"/{name}/oauth2/token",
            EngineApp.Form(("grant_type", "client_credentials"), ("client_id", client.ClientId), ("client_secret", "wrong")));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (repeated.StatusCode, (await EngineApp.JsonAsync(repeated)).GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, formFailure.StatusCode);
        Assert.Equal($"Basic realm=\"{name}\"", formFailure.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task AClientOfATypeTheProviderNoLongerAllows_GetsNoToken()
    {
        var (id, name) = await app.ProviderAsync("Token Client Types");
        var client = await app.ClientAsync(id);

        await app.ProviderSettingsAsync(id, p => p.ClientTypes = ClientTypes.Public);
        var response = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheFirstToken_FixesTheProvidersName()
    {
        var (id, name) = await app.ProviderAsync("Token Name Lock");
        var client = await app.ClientAsync(id);

        await app.TokenAsync(name, client);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Portal.OAuth.ProviderNameLock>(app.Services).WhenLocked(id);
        var renamed = await app.WithScope(async s =>
        {
            var providers = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ProviderService>(s);
            var input = (await providers.FindAsync(TestData.Actors.Owner, id)).Value!.ToInput();
            input.Name = "another-name";
            return await providers.UpdateAsync(TestData.Actors.Owner, input);
        });

        Assert.Equal(Portal.Domain.Common.ResultStatus.Invalid, renamed.Status);
        Assert.Equal($"The name cannot change: tokens have been issued under '{name}'.", Assert.Single(renamed.Errors).Message);
    }

    [Fact]
    public async Task DisabledProviderOrClient_GetsNoToken_FromTheNextRequestOn()
    {
        var (id, name) = await app.ProviderAsync("Token Switches");
        var client = await app.ClientAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"))).StatusCode);

        await app.WithScope(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Portal.Domain.Clients.ClientService>(s).SetEnabledAsync(TestData.Actors.Owner, client.Id, enabled: false));
        var disabledClient = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"));
        await app.ProviderSettingsAsync(id, p => p.Enabled = false);
        var disabledProvider = await app.PostAsync($"/{name}/oauth2/token", client, ("grant_type", "client_credentials"));
        var unknownProvider = await app.PostAsync("/no-such-provider/oauth2/token", client, ("grant_type", "client_credentials"));

        Assert.Equal(HttpStatusCode.Unauthorized, disabledClient.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, disabledProvider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownProvider.StatusCode);
    }
}
