using System.Text;
using Portal.Domain.Clients;
using Portal.Domain.Engine.External;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Domain.Engine;

/// <summary>A token response (RFC 6749 §5.1) with the reference product's extra fields (spec §3).</summary>
public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, string Scope, long ConsentedOn, string? RefreshToken = null, int? RefreshTokenExpiresIn = null);

/// <summary>An RFC 7662 answer: only <c>active</c> when not active, never anything about the token.</summary>
public sealed record Introspection(bool Active, string? Scope = null, string? ClientId = null, string? TokenType = null, long? Exp = null,
    long? Iat = null, string? Sub = null, string? Jti = null, string? GrantType = null, long? ConsentedOn = null, string? Username = null)
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
    IGrantStore grants,
    TokenCutoffs cutoffs,
    IssuedTokenCounter issued,
    ExternalTokenManagement external,
    RevocationLists lists,
    TimeProvider time)
{
    private static readonly IEnumerable<KeyValuePair<string, string>> NoHeaders = [];

    public const string GrantClientCredentials = "client_credentials";
    public const string GrantPassword = "password";
    public const string GrantRefreshToken = "refresh_token";

    public ProviderRuntime? Provider(string name) => providers.Find(name) is { Enabled: true } provider ? provider : null;

    /// <summary>Whether the provider serves RFC 7009 revocation now: token management on, Native, client path ticked.</summary>
    public TokenManagementPolicy? RevocationPolicy(ProviderRuntime provider) =>
        policies.Find(provider.Id) is { Enabled: true, Type: TokenManagementType.Native, ClientRevocation: true } policy ? policy : null;

    /// <summary>
    /// Whether the provider serves the resource owner's <c>issued</c> path now: token management on, Native, the
    /// resource-owner path ticked (spec §4).
    /// </summary>
    public bool ServesOwnerRevocation(ProviderRuntime provider) =>
        policies.Find(provider.Id) is { Enabled: true, Type: TokenManagementType.Native, ResourceOwnerRevocation: true };

    /// <summary>The resource owner's live grants with this provider, every client's (spec §4, <c>GET issued</c>).</summary>
    public IReadOnlyList<Grant> GrantsOf(ProviderRuntime provider, string owner)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return [.. grants.Live(cutoffs, provider.Id, now).Where(g => string.Equals(g.Owner, owner, StringComparison.Ordinal)).OrderBy(g => g.ConsentedOn)];
    }

    /// <summary>The names of the provider's applications by client id.</summary>
    public Dictionary<string, string> ClientNames(ProviderRuntime provider) =>
        clients.OfProvider(provider.Id).ToDictionary(c => c.ClientId, c => c.Name, StringComparer.Ordinal);

    /// <summary>Revokes every grant the resource owner gave this client (spec §4, <c>DELETE issued</c>); how many there were.</summary>
    public async Task<int> RevokeOwnerGrantsAsync(ProviderRuntime provider, string owner, string clientId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var revoked = GrantsOf(provider, owner).Where(g => g.ClientId == clientId).ToList();
        foreach (var grant in revoked)
            await RevokeGrantAsync(grant, now, ct);
        return revoked.Count;
    }

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
    /// <param name="inbound">The request's headers, of which the provider may forward some to its external service.</param>
    public async Task<(TokenResponse? Response, OAuthError? Error)> ClientCredentialsAsync(
        ProviderRuntime provider, ClientSnapshot client, string? requestedScope, IEnumerable<KeyValuePair<string, string>>? inbound = null,
        CancellationToken ct = default)
    {
        if (!provider.GrantTypes.HasFlag(GrantTypes.Application))
            return (null, new OAuthError(OAuthError.UnsupportedGrantType, "This provider does not allow the client_credentials grant."));
        if (!client.IsConfidential || !client.GrantTypes.HasFlag(GrantTypes.Application))
            return (null, new OAuthError(OAuthError.UnauthorizedClient, "This client may not use the client_credentials grant."));
        if (GrantedScope(provider, client, requestedScope) is not { } scope)
            return (null, new OAuthError(OAuthError.InvalidScope, "The requested scope is not allowed for this client."));
        if (scope.Length > TokenCodec.MaxScopeLength)
            return (null, new OAuthError(OAuthError.InvalidScope, $"Request fewer scopes: a token holds at most {TokenCodec.MaxScopeLength} characters of scope."));

        var now = IssueTime(provider, client.ClientId);
        var expires = now + provider.AccessTokenTtl;
        var token = TokenCodec.Issue(keys.Ring.Current, TokenKind.Access, Guid.NewGuid(), Guid.Empty, now, expires, client.ClientId, scope);
        var response = new TokenResponse(token, "Bearer", provider.AccessTokenTtl, scope, now);
        // The application acts for itself (RFC 6749 §4.4): it is its own resource owner, as introspection's sub says.
        if (!await NotifiedAsync(provider, response, now, client.ClientId, client.ClientId, inbound, ct))
            return (null, ExternalRefused);
        issued.Issued(client.ClientId, now, expires);
        return (response, null);
    }

    /// <summary>
    /// The resource owner password grant (RFC 6749 §4.3), when provider and client allow it: the owner is checked by
    /// <paramref name="verifyOwner"/> (the provider's user registry; the registered name, or null), and a grant is
    /// kept with a refresh token when the provider issues them.
    /// </summary>
    public async Task<(TokenResponse? Response, OAuthError? Error)> PasswordAsync(
        ProviderRuntime provider, ClientSnapshot client, string? userName, string? password, string? requestedScope,
        Func<string, string, Task<string?>> verifyOwner, IEnumerable<KeyValuePair<string, string>>? inbound = null, CancellationToken ct = default)
    {
        if (!provider.GrantTypes.HasFlag(GrantTypes.Password))
            return (null, new OAuthError(OAuthError.UnsupportedGrantType, "This provider does not allow the password grant."));
        if (!client.GrantTypes.HasFlag(GrantTypes.Password))
            return (null, new OAuthError(OAuthError.UnauthorizedClient, "This client may not use the password grant."));
        if (string.IsNullOrEmpty(userName) || password is null)
            return (null, OAuthError.Request("username and password are required."));
        if (GrantedScope(provider, client, requestedScope) is not { } scope || scope.Length > TokenCodec.MaxScopeLength)
            return (null, new OAuthError(OAuthError.InvalidScope, "The requested scope is not allowed for this client."));
        if (await verifyOwner(userName, password) is not { } owner)
            return (null, new OAuthError(OAuthError.InvalidGrant, "The user name or password is wrong."));

        var now = IssueTime(provider, client.ClientId);
        var consentEnds = ConsentEnds(provider, now);
        var accessExpires = Math.Min(now + provider.AccessTokenTtl, consentEnds);
        var refresh = provider.RefreshTokensEnabled && provider.RefreshTokenCount > 0;
        var refreshExpires = refresh ? Math.Min(now + provider.RefreshTokenTtl, consentEnds) : 0;
        var grant = new Grant(Guid.NewGuid(), provider.Id, client.ClientId, owner, scope, GrantPassword, now, now,
            refresh ? Guid.NewGuid() : Guid.Empty, refresh ? provider.RefreshTokenCount : 0, refreshExpires, Math.Max(accessExpires, refreshExpires));
        var response = Respond(grant, scope, now, accessExpires);
        // The service hears of the tokens before anyone has them; if it must and does not accept them, none exist.
        if (!await NotifiedAsync(provider, response, now, client.ClientId, owner, inbound, ct))
            return (null, ExternalRefused);
        await grants.AddAsync(grant, ct);
        issued.Issued(grant.ClientId, now, accessExpires);
        return (response, null);
    }

    /// <summary>
    /// The refresh grant (RFC 6749 §6; spec §6.2): the refresh token is used once and replaced by a new one with one
    /// refresh less (none when the count is used up). A refresh token used a second time revokes its whole grant while
    /// token management is on: either it was stolen or its owner's copy was.
    /// </summary>
    /// <param name="ownerActive">Whether a grant's resource owner may still get tokens (the user registry: not disabled or deleted).</param>
    public async Task<(TokenResponse? Response, OAuthError? Error)> RefreshAsync(
        ProviderRuntime provider, ClientSnapshot client, string? refreshToken, string? requestedScope, Func<string, Task<bool>> ownerActive,
        IEnumerable<KeyValuePair<string, string>>? inbound = null, CancellationToken ct = default)
    {
        if (!provider.RefreshTokensEnabled)
            return (null, new OAuthError(OAuthError.UnsupportedGrantType, "This provider does not issue refresh tokens."));
        if (string.IsNullOrEmpty(refreshToken))
            return (null, OAuthError.Request("refresh_token is missing."));
        var invalid = new OAuthError(OAuthError.InvalidGrant, "The refresh token is invalid, expired or revoked.");
        var (grantId, tokenId, issuedAt, expiresAt, clientId) = ReadRefresh(refreshToken);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        // RFC 6749 §6: the token must have been issued to this client.
        if (grantId == Guid.Empty || expiresAt <= now || clientId != client.ClientId || grants.Find(grantId) is not { } grant
            || grant.ProviderId != provider.Id)
            return (null, invalid);
        var enforced = policies.Find(provider.Id) is { Enabled: true };
        if (enforced && (grant.RevokedAt is not null || cutoffs.CutOff(provider.Id, client.ClientId, issuedAt)
            || lists.Revoked(provider.Id, client.ClientId, grant.Owner, issuedAt)))
            return (null, invalid);
        if (grant.RefreshTokenId != tokenId)
        {
            if (enforced)
                await RevokeGrantAsync(grant, now, ct);
            return (null, invalid);
        }
        var scope = grant.Scope;
        if (!string.IsNullOrWhiteSpace(requestedScope))
        {
            var asked = requestedScope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
            var held = grant.Scope.Split(' ');
            if (!asked.All(held.Contains))
                return (null, new OAuthError(OAuthError.InvalidScope, "A refresh may narrow the scope, never widen it."));
            scope = string.Join(' ', asked);
        }
        if (grant.Owner is { } owner && !await ownerActive(owner))
            return (null, invalid);
        // Under External the service decides whether the refresh token still stands (spec §5.2).
        if (ExternalPolicy(provider) is { } policy)
        {
            var check = new ArtifactCheck(ArtifactKind.RefreshToken, refreshToken, client.ClientId, grant.Owner ?? client.ClientId, grant.Scope, expiresAt);
            switch (await external.CheckAsync(policy, check, inbound ?? NoHeaders, ct))
            {
                case ExternalDecision.Revoked:
                    return (null, invalid);
                case ExternalDecision.Unavailable:
                    return (null, ExternalRefused);
            }
        }

        var left = grant.RefreshesLeft - 1;
        now = IssueTime(provider, client.ClientId);
        // maxConsent (spec §6.2): nothing of the grant outlives its consent by more, whatever the refreshes.
        var consentEnds = ConsentEnds(provider, grant.ConsentedOn);
        if (consentEnds <= now)
            return (null, invalid);
        var accessExpires = Math.Min(now + provider.AccessTokenTtl, consentEnds);
        var refreshExpires = left > 0 ? Math.Min(now + provider.RefreshTokenTtl, consentEnds) : 0;
        var next = grant with
        {
            LastIssuedAt = now,
            RefreshTokenId = left > 0 ? Guid.NewGuid() : Guid.Empty,
            RefreshesLeft = Math.Max(left, 0),
            RefreshExpiresAt = refreshExpires,
            ExpiresAt = Math.Max(grant.ExpiresAt, Math.Max(accessExpires, refreshExpires)),
        };
        var response = Respond(next, scope, now, accessExpires);
        if (!await NotifiedAsync(provider, response, now, client.ClientId, grant.Owner ?? client.ClientId, inbound, ct))
            return (null, ExternalRefused);
        // Two requests with the same refresh token at once: one wins, the other is a reuse.
        if (!await grants.ReplaceAsync(grant, next, ct))
        {
            if (enforced && grants.Find(grantId) is { } changed)
                await RevokeGrantAsync(changed, now, ct);
            return (null, invalid);
        }
        issued.Issued(next.ClientId, now, accessExpires);
        return (response, null);
    }

    /// <summary>
    /// Now, or the second after the client's or provider's latest "not before" cut-off if that is later: a token issued
    /// in the same second as a cut-off was issued after it and must not be born revoked.
    /// </summary>
    private long IssueTime(ProviderRuntime provider, string clientId) =>
        Math.Max(time.GetUtcNow().ToUnixTimeSeconds(), cutoffs.Latest(provider.Id, clientId) + 1);

    private static long ConsentEnds(ProviderRuntime provider, long consentedOn) =>
        provider.MaxConsentTtl is { } ttl ? consentedOn + ttl : long.MaxValue;

    private TokenResponse Respond(Grant grant, string scope, long now, long accessExpires)
    {
        var key = keys.Ring.Current;
        var access = TokenCodec.Issue(key, TokenKind.Access, Guid.NewGuid(), grant.Id, now, accessExpires, grant.ClientId, scope);
        var refresh = grant.RefreshTokenId == Guid.Empty
            ? null
            : TokenCodec.Issue(key, TokenKind.Refresh, grant.RefreshTokenId, grant.Id, now, grant.RefreshExpiresAt, grant.ClientId, grant.Scope);
        return new TokenResponse(access, "Bearer", (int)(accessExpires - now), scope, grant.ConsentedOn, refresh,
            refresh is null ? null : (int)(grant.RefreshExpiresAt - now));
    }

    private (Guid GrantId, Guid TokenId, long IssuedAt, long ExpiresAt, string ClientId) ReadRefresh(string token)
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        if (!TokenCodec.TryRead(token, keys.Ring, buffer, out var view) || view.Kind != TokenKind.Refresh)
            return default;
        return (view.GrantId, view.TokenId, view.IssuedAt, view.ExpiresAt, Encoding.ASCII.GetString(view.ClientId));
    }

    /// <summary>Revokes a whole grant durably: every access and refresh token of it (spec §6.4).</summary>
    private async Task RevokeGrantAsync(Grant grant, long now, CancellationToken ct)
    {
        while (grant.RevokedAt is null && !await grants.ReplaceAsync(grant, grant with { RevokedAt = now }, ct))
        {
            if (grants.Find(grant.Id) is not { } current)
                return;
            grant = current;
        }
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
    /// (while token management is on) not revoked here. No database read, no allocation. It does not ask an External
    /// provider's service: <see cref="IntrospectAsync"/> does.
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

    private bool IsActive(ProviderRuntime provider, TokenView view, out ClientSnapshot? client) => IsActive(provider, view, out client, out _);

    private bool IsActive(ProviderRuntime provider, TokenView view, out ClientSnapshot? client, out Grant? grant)
    {
        client = null;
        grant = null;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (view.ExpiresAt <= now || view.IssuedAt > now + 60)
            return false;
        Span<char> clientId = stackalloc char[TokenCodec.MaxClientIdLength];
        var length = Encoding.ASCII.GetChars(view.ClientId, clientId);
        client = clients.Find(clientId[..length]);
        if (client is null || !client.Enabled || client.ProviderId != provider.Id)
            return false;
        // A token of a grant lives with its grant; a refresh token only until it is used (rotation).
        if (view.GrantId != Guid.Empty
            && ((grant = grants.Find(view.GrantId)) is null || (view.Kind == TokenKind.Refresh && grant.RefreshTokenId != view.TokenId)))
            return false;
        // Turning token management off stops revocation checks; the revocations are kept (spec §6.5).
        return policies.Find(provider.Id) is not { Enabled: true }
            || (grant?.RevokedAt is null && !revocations.IsRevoked(view.TokenId) && !cutoffs.CutOff(provider.Id, client.ClientId, view.IssuedAt)
                && !lists.Revoked(provider.Id, clientId[..length], grant?.Owner, view.IssuedAt));
    }

    /// <summary>
    /// The provider's token management when it is External with the service asked on every issuance and validation
    /// (spec §5.1, §5.2); the v5 compatible profile polls a list instead (§5.3).
    /// </summary>
    private TokenManagementPolicy? ExternalPolicy(ProviderRuntime provider) =>
        provider.GatewayType == GatewayType.ApiGateway && policies.Find(provider.Id) is { Enabled: true, Type: TokenManagementType.External } policy
            ? policy
            : null;

    /// <summary>What a client gets when the external service had to accept an issuance and did not (spec §6.1).</summary>
    public static readonly OAuthError ExternalRefused =
        new("temporarily_unavailable", "The token management service did not confirm this request; try again later.", 503);

    /// <summary>Sends the notification of spec §5.1 when the provider is External; false when the issuance must fail.</summary>
    private async Task<bool> NotifiedAsync(
        ProviderRuntime provider, TokenResponse response, long issuedAt, string clientId, string owner, IEnumerable<KeyValuePair<string, string>>? inbound,
        CancellationToken ct) =>
        ExternalPolicy(provider) is not { } policy
        || await external.NotifyAsync(policy, new TokensIssued(clientId, owner, response.Scope, response.AccessToken,
            issuedAt, response.ExpiresIn, response.RefreshToken, response.RefreshTokenExpiresIn), inbound ?? NoHeaders, ct);

    /// <summary>
    /// RFC 7662: the caller (a client of this provider) asks about a token of this provider. Under External the
    /// service (or its cached answer) has the last word on a token this engine still holds valid.
    /// </summary>
    public async Task<Introspection> IntrospectAsync(
        ProviderRuntime provider, string token, IEnumerable<KeyValuePair<string, string>>? inbound = null, CancellationToken ct = default)
    {
        // This engine's own checks come first: a revocation made in this product (the Tokens page, a cut-off) wins
        // over the service's cached "active" at once, so no cached answer ever needs evicting (spec §5.2).
        var answer = Introspect(provider, token);
        if (!answer.Active || ExternalPolicy(provider) is not { } policy)
            return answer;
        var kind = answer.TokenType is null ? ArtifactKind.RefreshToken : ArtifactKind.AccessToken;
        var check = new ArtifactCheck(kind, token, answer.ClientId!, answer.Sub!, answer.Scope!, answer.Exp!.Value);
        return await external.CheckAsync(policy, check, inbound ?? NoHeaders, ct) == ExternalDecision.Allowed ? answer : Introspection.Inactive;
    }

    /// <summary>What this engine alone knows of a token: its own checks, without asking an external service.</summary>
    public Introspection Introspect(ProviderRuntime provider, string token)
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        if (!TokenCodec.TryRead(token, keys.Ring, buffer, out var view) || !IsActive(provider, view, out var client, out var grant) || client is null)
            return Introspection.Inactive;
        // token_type is an RFC 6749 §7.1 access token type: a refresh token has none.
        return new Introspection(true,
            Scope: Encoding.ASCII.GetString(view.Scope),
            ClientId: client.ClientId,
            TokenType: view.Kind == TokenKind.Access ? "Bearer" : null,
            Exp: view.ExpiresAt,
            Iat: view.IssuedAt,
            Sub: grant?.Owner ?? client.ClientId,
            Jti: view.TokenId.ToString("N"),
            GrantType: grant?.GrantType ?? GrantClientCredentials,
            ConsentedOn: grant?.ConsentedOn ?? view.IssuedAt,
            Username: grant?.Owner);
    }

    /// <summary>
    /// RFC 7009: revokes the token when it is this client's and still alive; anything else (unknown, expired, another
    /// client's, already revoked) changes nothing and is answered the same way (§2.2). The outcome says which, so the
    /// endpoint can record an attempt on another client's token (spec §9) without telling the caller.
    /// </summary>
    /// <remarks>A refresh token takes its whole grant with it; an access token only itself (spec §6.4).</remarks>
    public async Task<RevocationOutcome> RevokeAsync(ProviderRuntime provider, ClientSnapshot caller, string token, CancellationToken ct = default)
    {
        var (revocation, grantId, owner) = Read(provider, token);
        if (revocation is null)
            return RevocationOutcome.Unknown;
        if (owner != caller.ClientId)
            return RevocationOutcome.OtherClients;
        if (grantId != Guid.Empty)
        {
            if (grants.Find(grantId) is not { } grant || grant.ClientId != caller.ClientId)
                return RevocationOutcome.Unknown;
            await RevokeGrantAsync(grant, revocation.RevokedAt, ct);
            return RevocationOutcome.Revoked;
        }
        await revocations.RevokeAsync(revocation, ct);
        return RevocationOutcome.Revoked;
    }

    /// <summary>
    /// The revocation of a live token of this provider, the client it was issued to, and its grant's id when it is a
    /// refresh token.
    /// </summary>
    private (Revocation? Revocation, Guid RefreshGrant, string? ClientId) Read(ProviderRuntime provider, string token)
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        if (!TokenCodec.TryRead(token, keys.Ring, buffer, out var view))
            return default;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var clientId = Encoding.ASCII.GetString(view.ClientId);
        if (view.ExpiresAt <= now || clients.Find(clientId) is not { } client || client.ProviderId != provider.Id)
            return default;
        return (new Revocation(view.TokenId, provider.Id, clientId, view.ExpiresAt, now), view.Kind == TokenKind.Refresh ? view.GrantId : Guid.Empty, clientId);
    }
}

/// <summary>What a client's RFC 7009 revocation did; the client is told none of it.</summary>
public enum RevocationOutcome
{
    Revoked,

    /// <summary>Not a live token of this provider (or revoked already): nothing to do.</summary>
    Unknown,

    /// <summary>A live token of another client of this provider: left alone, and worth recording.</summary>
    OtherClients,
}
