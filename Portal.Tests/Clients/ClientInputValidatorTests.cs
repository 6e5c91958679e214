using Portal.Domain.Clients;
using Portal.Domain.Providers;

namespace Portal.Tests.Clients;

public sealed class ClientInputValidatorTests
{
    private static readonly ClientAllowance Provider = new(
        GrantTypes.Application | GrantTypes.AccessCode, ClientTypes.Confidential | ClientTypes.Public, new HashSet<string> { "read", "write" });

    private static ClientInput Valid() => new()
    {
        Name = "App",
        Type = ClientTypes.Confidential,
        GrantTypes = GrantTypes.Application,
        Scopes = ["read"],
        Allowed = Provider,
    };

    private static List<string> Errors(Action<ClientInput> change)
    {
        var input = Valid();
        change(input);
        return [.. new ClientInputValidator().Validate(input).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")];
    }

    [Fact]
    public void AValidClient_HasNoError() => Assert.Empty(Errors(_ => { }));

    [Theory]
    [InlineData("", "Name: Enter a name.")]
    [InlineData("   ", "Name: Enter a name.")]
    public void Name_IsRequired(string name, string error) => Assert.Equal([error], Errors(i => i.Name = name));

    [Fact]
    public void Name_OfMoreThan128Characters_IsRefused() =>
        Assert.Equal(["Name: Keep the name to 128 characters or fewer."], Errors(i => i.Name = new string('a', 129)));

    [Fact]
    public void PublicClient_CannotUseClientCredentials() =>
        Assert.Equal(["GrantTypes: A public client has no secret, so it cannot use the application (client credentials) grant."],
            Errors(i => i.Type = ClientTypes.Public));

    [Fact]
    public void ClientType_TheProviderDoesNotAllow_IsRefused()
    {
        var input = Valid();
        input.Allowed = Provider with { ClientTypes = ClientTypes.Public };
        Assert.Contains("This provider does not allow confidential clients.", new ClientInputValidator().Validate(input).Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void NoGrantType_OrNoScope_IsRefused() =>
        Assert.Equal(["GrantTypes: Allow at least one grant type.", "Scopes: Allow at least one scope."],
            Errors(i => { i.GrantTypes = GrantTypes.None; i.Scopes = []; }));

    [Theory]
    [InlineData("https://app.example.com/callback", null)]
    [InlineData("http://localhost:5000/cb", null)]
    [InlineData("http://127.0.0.1/cb", null)]
    [InlineData("com.example.app:/oauth", null)]
    [InlineData("http://app.example.com/cb", "'http://app.example.com/cb' must use https (plain http only on localhost).")]
    [InlineData("https://app.example.com/cb#frag", "'https://app.example.com/cb#frag' has a fragment (#...), which a redirect URI may not have.")]
    [InlineData("/relative/cb", "'/relative/cb' is not an absolute URI.")]
    public void RedirectUris_AreAbsolute_WithoutFragment_HttpsExceptOnLoopback(string uri, string? error)
    {
        var errors = Errors(i => { i.GrantTypes = GrantTypes.AccessCode; i.RedirectUris = [uri]; });
        if (error is null)
            Assert.Empty(errors);
        else
            Assert.Equal([$"RedirectUris[0]: {error}"], errors);
    }

    [Fact]
    public void AccessCode_WithoutRedirectUri_IsRefused() =>
        Assert.Equal(["RedirectUris: The access code and implicit grants need at least one redirect URI."],
            Errors(i => i.GrantTypes = GrantTypes.AccessCode));

    [Fact]
    public void Secrets_Are256RandomBits_AndOnlyTheirHashMatches()
    {
        var secret = ClientSecrets.NewSecret();
        var hash = ClientSecrets.Hash(secret);

        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.NotEqual(secret, ClientSecrets.NewSecret());
        Assert.True(ClientSecrets.Matches(secret, hash));
        Assert.False(ClientSecrets.Matches(secret.AsSpan(0, secret.Length - 1), hash));
        Assert.False(ClientSecrets.Matches(secret, null));
        Assert.False(ClientSecrets.Matches("", hash));
    }
}
