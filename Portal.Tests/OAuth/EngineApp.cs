using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Clients;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Domain.TokenManagement;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.OAuth;

/// <summary>The app with a clock the test moves, and helpers to set up a provider, its token management and clients.</summary>
public class EngineApp : PortalFactory
{
    public EngineApp()
    {
    }

    /// <summary>A second app on the same database file: a restart.</summary>
    internal EngineApp(string databasePath) : base(databasePath, configureOwner: true)
    {
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));

    // Load tests here send thousands of requests as one client in a second; RateLimitTests checks the limits themselves.
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OAuth:RateLimit:PermitsPerClient", "1000000");
        // External services in tests are stubs on loopback, most of them plain HTTP.
        builder.UseSetting("TokenManagement:AllowInsecureExternalEndpoints", "true");
    }

    public async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A provider allowing the application grant, with introspection on and Native client revocation on.</summary>
    public async Task<(Guid Id, string Name)> ProviderAsync(string title, bool introspection = true, bool revocation = true)
    {
        var input = Build.Provider(title);
        input.GrantTypes = GrantTypes.Application | GrantTypes.AccessCode;
        input.ClientTypes = ClientTypes.Confidential | ClientTypes.Public;
        input.IntrospectionEnabled = introspection;
        input.AccessTokenTtl = 600;
        var id = (await WithScope(s => s.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, input))).Value;
        if (revocation)
            await TokenManagementAsync(id, t => { t.Enabled = true; t.Type = TokenManagementType.Native; t.ClientRevocation = true; });
        return (id, input.Name);
    }

    /// <summary>
    /// A provider that allows the password grant and issues refresh tokens (<paramref name="refreshes"/> per grant),
    /// with Native token management and client revocation on, and a user "alice" whose password it returns.
    /// </summary>
    public async Task<(Guid Id, string Name, string Password)> PasswordProviderAsync(string title, int refreshes = 3)
    {
        var (id, name) = await ProviderAsync(title);
        await ProviderSettingsAsync(id, p =>
        {
            p.GrantTypes |= GrantTypes.Password;
            p.RefreshTokensEnabled = true;
            p.RefreshTokenCount = refreshes;
            p.RefreshTokenTtl = 3600;
        });
        var alice = await WithScope(s => s.GetRequiredService<ResourceOwnerService>().CreateAsync(Actors.Owner, id, new ResourceOwnerInput { UserName = "alice" }));
        Assert.True(alice.IsSuccess, alice.Message);
        return (id, name, alice.Value!.Password);
    }

    /// <summary>A password-grant token response (asserted 200) as JSON.</summary>
    public async Task<JsonElement> PasswordTokenAsync(string provider, IssuedSecret client, string password, string user = "alice")
    {
        var response = await PostAsync($"/{provider}/oauth2/token", client, ("grant_type", "password"), ("username", user), ("password", password));
        var json = await JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }

    public Task<HttpResponseMessage> RefreshAsync(string provider, IssuedSecret client, string refreshToken, string? scope = null) =>
        PostAsync($"/{provider}/oauth2/token", client,
            scope is null ? [("grant_type", "refresh_token"), ("refresh_token", refreshToken)] : [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("scope", scope)]);

    /// <summary>Changes a provider's token management through the service the page uses.</summary>
    public async Task TokenManagementAsync(Guid providerId, Action<TokenManagementInput> change)
    {
        var input = (await WithScope(s => s.GetRequiredService<TokenManagementService>().GetAsync(Actors.Owner, providerId))).Value!;
        change(input);
        var saved = await WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(Actors.Owner, input));
        Assert.True(saved.IsSuccess, saved.Message);
    }

    public async Task ProviderSettingsAsync(Guid providerId, Action<ProviderInput> change)
    {
        var input = (await WithScope(s => s.GetRequiredService<ProviderService>().FindAsync(Actors.Owner, providerId))).Value!.ToInput();
        change(input);
        var saved = await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(Actors.Owner, input));
        Assert.True(saved.IsSuccess, saved.Message);
    }

    public async Task<IssuedSecret> ClientAsync(Guid providerId, string name = "Backend", GrantTypes grants = GrantTypes.Application, params string[] scopes)
    {
        var created = await WithScope(s => s.GetRequiredService<ClientService>().CreateAsync(Actors.Owner, providerId, new ClientInput
        {
            Name = name,
            Type = ClientTypes.Confidential,
            GrantTypes = grants,
            Scopes = scopes.Length > 0 ? [.. scopes] : ["orders:read", "orders:write"],
            RedirectUris = grants.HasFlag(GrantTypes.AccessCode) ? ["https://app.example.com/cb"] : [],
        }));
        Assert.True(created.IsSuccess, created.Message);
        return created.Value!;
    }

    public static AuthenticationHeaderValue Basic(IssuedSecret client) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.Secret!)}")));

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>POSTs a form to a provider endpoint, with Basic credentials when a client is given.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IssuedSecret? client, params (string Key, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(fields) };
        if (client is not null)
            request.Headers.Authorization = Basic(client);
        return await CreateClient().SendAsync(request);
    }

    public async Task<string> TokenAsync(string provider, IssuedSecret client, string? scope = null)
    {
        var response = await PostAsync($"/{provider}/oauth2/token", client,
            scope is null ? [("grant_type", "client_credentials")] : [("grant_type", "client_credentials"), ("scope", scope)]);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<JsonElement> IntrospectAsync(string provider, IssuedSecret caller, string token)
    {
        var response = await PostAsync($"/{provider}/oauth2/introspect", caller, ("token", token));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
