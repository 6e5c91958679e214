namespace Portal.Domain.Engine;

/// <summary>A token revoked before it expired: kept until then (after that the token is dead anyway).</summary>
public sealed record Revocation(Guid TokenId, Guid ProviderId, string ClientId, long ExpiresAt, long RevokedAt);

/// <summary>
/// The revocation index. Reads are in-memory lookups (no database on the hot path) and its memory grows with
/// revocations of unexpired tokens only. A revocation is durable before <see cref="RevokeAsync"/> returns. This
/// in-process store serves one node; a shared (Redis) implementation is a new class behind the same interface.
/// </summary>
public interface IRevocationStore
{
    bool IsRevoked(Guid tokenId);

    /// <summary>Commits the revocation to the database, then puts it in force; revoking a revoked token is no error.</summary>
    Task RevokeAsync(Revocation revocation, CancellationToken ct = default);

    /// <summary>How many revocations are in force.</summary>
    int Count { get; }
}

/// <summary>The keys that sign tokens, loaded at start-up.</summary>
public sealed class TokenKeys
{
    private TokenKeyRing? _ring;

    public TokenKeyRing Ring => Volatile.Read(ref _ring) ?? throw new InvalidOperationException("The token keys are not loaded yet.");

    public void Load(TokenKeyRing ring) => Volatile.Write(ref _ring, ring);
}
