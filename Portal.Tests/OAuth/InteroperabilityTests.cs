using Duende.IdentityModel.Client;

namespace Portal.Tests.OAuth;

/// <summary>An independent OAuth client library (Duende.IdentityModel), unchanged, against the running app.</summary>
public sealed class InteroperabilityTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task DuendeIdentityModel_GetsAToken_IntrospectsIt_RevokesIt_AndSeesItInactive()
    {
        var (id, name) = await app.ProviderAsync("Interop");
        var client = await app.ClientAsync(id);
        var resourceServer = await app.ClientAsync(id, "Resource server");
        var http = app.CreateClient();
        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = $"{http.BaseAddress}{name}",
            Policy = new DiscoveryPolicy { RequireHttps = false, DiscoveryDocumentPath = ".well-known/oauth-authorization-server", RequireKeySet = false },
        });
        Assert.False(discovery.IsError, discovery.Error);

        var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.Secret!,
            Scope = "orders:read",
        });
        Assert.False(token.IsError, token.Error);
        Assert.Equal(("Bearer", 600, "orders:read"), (token.TokenType, token.ExpiresIn, token.Scope));

        var introspection = await http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = discovery.IntrospectionEndpoint,
            ClientId = resourceServer.ClientId,
            ClientSecret = resourceServer.Secret!,
            Token = token.AccessToken!,
        });
        Assert.False(introspection.IsError, introspection.Error);
        Assert.True(introspection.IsActive);
        Assert.Equal(client.ClientId, introspection.Claims.Single(c => c.Type == "client_id").Value);

        var revocation = await http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = discovery.RevocationEndpoint,
            ClientId = client.ClientId,
            ClientSecret = client.Secret!,
            Token = token.AccessToken!,
            TokenTypeHint = "access_token",
        });
        Assert.False(revocation.IsError, revocation.Error);

        var after = await http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = discovery.IntrospectionEndpoint,
            ClientId = resourceServer.ClientId,
            ClientSecret = resourceServer.Secret!,
            Token = token.AccessToken!,
        });
        Assert.False(after.IsActive);
    }
}
