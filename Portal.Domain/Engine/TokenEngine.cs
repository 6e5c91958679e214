using System.Text;
using Portal.Domain.Clients;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Domain.Engine;

/// <summary>A token response (RFC 6749 §5.1) with the reference product's extra fields.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Scope, long ConsentedOn);

/// <summary>An RFC 7662 answer: only <c>active</c> when not active, never anything about the token.</summary>
public sealed record Introspection(bool Active, string? Scope = null, string? ClientId = null, string? TokenType = null, long? Exp = null,
    long? Iat = null, string? Sub = null, string? Jti = null, string? GrantType = null, long? ConsentedOn = null)
{
    public static readonly Introspection Inactive = new(false);
}

/// <summary>
/// The runtime engine: issues, introspects and revokes tokens under the settings the portal published a moment ago
/// (<see cref="ProviderSnapshots"/>, <see cref="ClientRegistry"/>, <see cref="TokenPolicySnapshots"/>), without a
/// database read on any of these paths.
/// </summary>
public sealed class TokenEngine(
    ProviderSnapshots providers,
    ClientRegistry clients,
    TokenPolicySnapshots policies,
    TokenKeys keys,
    IRevocationStore revocations,
    TimeProvider time)
{
    public const string GrantClientCredentials = "client_credentials";

    public ProviderRuntime? Provider(string name) => providers.Find(name) is { Enabled: true } provider ? provider : null;

    /// <summary>Whether the provider serves RFC 7009 revocation now: token management on, Native, client path ticked.</summary>
    public TokenManagementPolicy? RevocationPolicy(ProviderRuntime provider) =>
        policies.Find(provider.Id) is { Enabled: true, Type: TokenManagementType.Native, ClientRevocation: true } policy ? policy : null;

    /// <summary>The client, when these credentials authenticate it for this provider; a public client presents no secret.</summary>
    public ClientSnapshot? Authenticate(ProviderRuntime provider, ClientCredentials credentials)
    {
        var client = clients.Find(credentials.ClientId);
        var now = time.GetUtcNow().UtcDateTime;
        // The provider's client types apply to clients registered before a change too.
        if (client is null || client.ProviderId != provider.Id || !client.Enabled || !provider.ClientTypes.HasFlag(client.Type))
        {
            // Spend the same time on an unknown client as on a wrong secret: no hint which client ids exist.
            ClientSecrets.Matches(credentials.Secret ?? "", null);
            return null;
        }
        return client.IsConfidential
            ? credentials.Secret is { } secret && client.SecretMatches(secret, now) ? client : null
            : credentials.Secret is null ? client : null;
    }

    /// <summary>The client-credentials grant (spec §6.1): a token for the client itself, within its and the provider's scopes.</summary>
    public (TokenResponse? Response, OAuthError? Error) ClientCredentials(ProviderRuntime provider, ClientSnapshot client, string? requestedScope)
    {
        if (!provider.GrantTypes.HasFlag(GrantTypes.Application))
            return (null, new OAuthError(OAuthError.UnsupportedGrantType, "This provider does not allow the client_credentials grant."));
        if (!client.IsConfidential || !client.GrantTypes.HasFlag(GrantTypes.Application))
            return (null, new OAuthError(OAuthError.UnauthorizedClient, "This client may not use the client_credentials grant."));
        if (GrantedScope(provider, client, requestedScope) is not { } scope)
            return (null, new OAuthError(OAuthError.InvalidScope, "The requested scope is not allowed for this client."));
        if (scope.Length > TokenCodec.MaxScopeLength)
            return (null, new OAuthError(OAuthError.InvalidScope, $"Request fewer scopes: a token holds at most {TokenCodec.MaxScopeLength} characters of scope."));
        if (ExternalUnavailable(provider))
            return (null, ExternalNotYet);

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var expires = now + provider.AccessTokenTtl;
        var token = TokenCodec.Issue(keys.Ring.Current, TokenKind.Access, Guid.NewGuid(), Guid.Empty, now, expires, client.ClientId, scope);
        return (new TokenResponse(token, "Bearer", provider.AccessTokenTtl, scope, now), null);
    }

    /// <summary>Requested ⊆ client's ∩ provider's scopes; nothing requested means all the client may have (RFC 6749 §3.3).</summary>
    private static string? GrantedScope(ProviderRuntime provider, ClientSnapshot client, string? requested)
    {
        var allowed = client.Scopes.Where(provider.Scopes.Contains).Order(StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(requested))
            return allowed.Count == 0 ? null : string.Join(' ', allowed);
        var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return asked.All(allowed.Contains) ? string.Join(' ', asked) : null;
    }

    /// <summary>
    /// The hot-path check: the token is this engine's, unexpired, its client still enabled under this provider, and
    /// (while token management is on) not revoked. No database read, no allocation.
    /// </summary>
    public bool IsActive(ProviderRuntime provider, ReadOnlySpan<char> token, out Guid tokenId)
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        tokenId = default;
        if (!TokenCodec.TryRead(token, keys.Ring, buffer, out var view))
            return false;
        tokenId = view.TokenId;
        return IsActive(provider, view, out _);
    }

    private bool IsActive(ProviderRuntime provider, TokenView view, out ClientSnapshot? client)
    {
        client = null;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (view.ExpiresAt <= now || view.IssuedAt > now + 60 || ExternalUnavailable(provider))
            return false;
        Span<char> clientId = stackalloc char[TokenCodec.MaxClientIdLength];
        var length = Encoding.ASCII.GetChars(view.ClientId, clientId);
        client = clients.Find(clientId[..length]);
        if (client is null || !client.Enabled || client.ProviderId != provider.Id)
            return false;
        // Turning token management off stops revocation checks; the revocations are kept (spec §6.5).
        return policies.Find(provider.Id) is not { Enabled: true } || !revocations.IsRevoked(view.TokenId);
    }

    /// <summary>
    /// External token management calls a third-party service on issuance and validation (spec §5, §6), which arrives
    /// with issue 7. Until then an External provider that fails on errors fails closed: no token is issued or active.
    /// </summary>
    private bool ExternalUnavailable(ProviderRuntime provider) =>
        policies.Find(provider.Id) is { Enabled: true, Type: TokenManagementType.External, FailOnError: true };

    public static readonly OAuthError ExternalNotYet =
        new("temporarily_unavailable", "The external token management service cannot be reached.", 503);

    /// <summary>RFC 7662: the caller (a client of this provider) asks about a token of this provider.</summary>
    public Introspection Introspect(ProviderRuntime provider, string token)
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        if (!TokenCodec.TryRead(token, keys.Ring, buffer, out var view) || !IsActive(provider, view, out var client) || client is null)
            return Introspection.Inactive;
        return new Introspection(true,
            Scope: Encoding.ASCII.GetString(view.Scope),
            ClientId: client.ClientId,
            TokenType: view.Kind == TokenKind.Access ? "Bearer" : "refresh_token",
            Exp: view.ExpiresAt,
            Iat: view.IssuedAt,
            Sub: client.ClientId,
            Jti: view.TokenId.ToString("N"),
            GrantType: view.GrantId == Guid.Empty ? GrantClientCredentials : null,
            ConsentedOn: view.IssuedAt);
    }

    /// <summary>
    /// RFC 7009: revokes the token when it is this client's and still alive; anything else (unknown, expired, another
    /// client's, already revoked) changes nothing and is answered the same way (§2.2).
    /// </summary>
    public async Task<bool> RevokeAsync(ProviderRuntime provider, ClientSnapshot caller, string token, CancellationToken ct = default)
    {
        var revocation = Read(provider, caller, token);
        if (revocation is null)
            return false;
        await revocations.RevokeAsync(revocation, ct);
        return true;
    }

    private Revocation? Read(ProviderRuntime provider, ClientSnapshot caller, string token)
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        if (!TokenCodec.TryRead(token, keys.Ring, buffer, out var view))
            return null;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var clientId = Encoding.ASCII.GetString(view.ClientId);
        if (view.ExpiresAt <= now || clientId != caller.ClientId || caller.ProviderId != provider.Id)
            return null;
        return new Revocation(view.TokenId, provider.Id, clientId, view.ExpiresAt, now);
    }
}
