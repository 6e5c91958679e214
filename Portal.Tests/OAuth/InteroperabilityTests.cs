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

    [Fact]
    public async Task DuendeIdentityModel_GetsATokenByPassword_RefreshesIt_AndRevokesTheRefreshToken()
    {
        var (id, name, password) = await app.PasswordProviderAsync("Interop Refresh");
        var client = await app.ClientAsync(id, grants: Portal.Domain.Providers.GrantTypes.Password);
        var http = app.CreateClient();
        var endpoint = $"{http.BaseAddress}{name}/oauth2";

        var token = await http.RequestPasswordTokenAsync(new PasswordTokenRequest
        {
            Address = $"{endpoint}/token",
            ClientId = client.ClientId,
            ClientSecret = client.Secret!,
            UserName = "alice",
            Password = password,
        });
        Assert.False(token.IsError, token.Error);
        Assert.NotNull(token.RefreshToken);

        var refreshed = await http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = $"{endpoint}/token",
            ClientId = client.ClientId,
            ClientSecret = client.Secret!,
            RefreshToken = token.RefreshToken!,
            Scope = "orders:read",
        });
        Assert.False(refreshed.IsError, refreshed.Error);
        Assert.Equal("orders:read", refreshed.Scope);
        Assert.NotEqual(token.RefreshToken, refreshed.RefreshToken);

        var revocation = await http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = $"{endpoint}/revoke",
            ClientId = client.ClientId,
            ClientSecret = client.Secret!,
            Token = refreshed.RefreshToken!,
            TokenTypeHint = "refresh_token",
        });
        Assert.False(revocation.IsError, revocation.Error);

        var after = await http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = $"{endpoint}/introspect",
            ClientId = client.ClientId,
            ClientSecret = client.Secret!,
            Token = refreshed.AccessToken!,
        });
        Assert.False(after.IsError, after.Error);
        Assert.False(after.IsActive); // revoking the refresh token took the grant's access tokens with it
    }
}
