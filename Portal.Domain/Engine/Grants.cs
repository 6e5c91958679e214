using System.Collections.Concurrent;

namespace Portal.Domain.Engine;

/// <summary>
/// A resource owner's (or a client's) consent, with the state its tokens share: the one refresh token that may be
/// used next, how many refreshes are left, and whether the whole grant is revoked. Immutable: a change is a new
/// value, swapped in only if nobody changed the grant meanwhile (<see cref="IGrantStore.ReplaceAsync"/>).
/// </summary>
/// <param name="Owner">The resource owner's user name; null for a grant of the client itself.</param>
/// <param name="RefreshTokenId">The refresh token that may be used next; <see cref="Guid.Empty"/> when none is left.</param>
/// <param name="LastIssuedAt">When its newest tokens were issued: a "not before" cut-off after it leaves the grant nothing.</param>
/// <param name="ExpiresAt">When the last of the grant's tokens expires: after that the grant is forgotten.</param>
public sealed record Grant(
    Guid Id,
    Guid ProviderId,
    string ClientId,
    string? Owner,
    string Scope,
    string GrantType,
    long ConsentedOn,
    long LastIssuedAt,
    Guid RefreshTokenId,
    int RefreshesLeft,
    long RefreshExpiresAt,
    long ExpiresAt,
    long? RevokedAt = null)
{
    public bool IsLive(long now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>
/// The engine's grants. Reads are in-memory lookups and memory grows with live grants only; every change is durable
/// before its task completes. This in-process store serves one node; a shared one is a new class behind it.
/// </summary>
public interface IGrantStore
{
    Grant? Find(Guid grantId);

    /// <summary>Every grant in memory (live or revoked but not yet expired) of a provider.</summary>
    IEnumerable<Grant> OfProvider(Guid providerId);

    /// <summary>Stores a new grant durably, then puts it in force.</summary>
    Task AddAsync(Grant grant, CancellationToken ct = default);

    /// <summary>
    /// Swaps <paramref name="current"/> for <paramref name="next"/> when the grant is still <paramref name="current"/>,
    /// and stores the change durably. False when another request changed it first (nothing is changed then).
    /// </summary>
    Task<bool> ReplaceAsync(Grant current, Grant next, CancellationToken ct = default);

    /// <summary>
    /// Marks grants revoked in memory after the caller committed the same to the database (the portal's revocations
    /// commit with their audit record). A grant already revoked keeps its first revocation time.
    /// </summary>
    void Revoked(IEnumerable<Guid> grantIds, long at);
}

public static class GrantStoreExtensions
{
    /// <summary>
    /// The provider's grants that still hold at <paramref name="now"/>: not expired, not revoked, and not issued before
    /// a cut-off. What the Tokens page lists and what a resource owner sees of their own.
    /// </summary>
    public static IEnumerable<Grant> Live(this IGrantStore grants, TokenCutoffs cutoffs, Guid providerId, long now) =>
        grants.OfProvider(providerId).Where(g => g.IsLive(now) && !cutoffs.CutOff(providerId, g.ClientId, g.LastIssuedAt));
}

/// <summary>
/// "Not before" cut-offs: a token issued at or before its provider's or its client's cut-off is revoked. One entry per
/// provider or client, so revoking everything a client ever got costs one entry, whatever the number of tokens.
/// </summary>
public sealed class TokenCutoffs
{
    private readonly ConcurrentDictionary<Guid, long> _providers = new();
    private readonly ConcurrentDictionary<string, long> _clients = new(StringComparer.Ordinal);

    // Whether a cut-off was ever set: most deployments have none, and the check then costs two field reads.
    // (ConcurrentDictionary.IsEmpty takes every lock of an empty dictionary: no use on the hot path.)
    private volatile bool _anyProvider;
    private volatile bool _anyClient;

    public long? OfProvider(Guid providerId) => _providers.TryGetValue(providerId, out var at) ? at : null;

    public long? OfClient(string clientId) => _clients.TryGetValue(clientId, out var at) ? at : null;

    /// <summary>Whether a token of this client, issued at <paramref name="issuedAt"/>, was cut off.</summary>
    public bool CutOff(Guid providerId, string clientId, long issuedAt) =>
        (_anyProvider && _providers.TryGetValue(providerId, out var p) && issuedAt <= p)
        || (_anyClient && _clients.TryGetValue(clientId, out var c) && issuedAt <= c);

    /// <summary>The later of the provider's and the client's cut-offs; <see cref="long.MinValue"/> when neither has one.</summary>
    public long Latest(Guid providerId, string clientId) =>
        Math.Max(OfProvider(providerId) ?? long.MinValue, OfClient(clientId) ?? long.MinValue);

    /// <summary>Sets a cut-off (client id null: the whole provider); a later cut-off never moves back.</summary>
    public void Set(Guid providerId, string? clientId, long notBefore)
    {
        if (clientId is null)
        {
            _providers.AddOrUpdate(providerId, notBefore, (_, old) => Math.Max(old, notBefore));
            _anyProvider = true;
        }
        else
        {
            _clients.AddOrUpdate(clientId, notBefore, (_, old) => Math.Max(old, notBefore));
            _anyClient = true;
        }
    }

    public void Forget(Guid providerId, IEnumerable<string> clientIds)
    {
        _providers.TryRemove(providerId, out _);
        foreach (var clientId in clientIds)
            _clients.TryRemove(clientId, out _);
    }
}

/// <summary>A cut-off as stored: <see cref="ClientId"/> empty for the provider's own.</summary>
public sealed record TokenCutoff(Guid ProviderId, string ClientId, long NotBefore);

/// <summary>
/// How many access tokens each client was issued that have not expired yet, counted per minute of issue: what a bulk
/// revocation's preview reports. Tokens carry their state, so this is the only count of them the engine keeps; it
/// starts from zero when the engine starts, and its memory is one small entry per client and minute of live tokens.
/// </summary>
public sealed class IssuedTokenCounter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, Minute>> _clients = new(StringComparer.Ordinal);

    private sealed class Minute
    {
        public int Count;
        public long LastExpiry;
    }

    public void Issued(string clientId, long issuedAt, long expiresAt)
    {
        var minutes = _clients.GetOrAdd(clientId, static _ => new ConcurrentDictionary<long, Minute>());
        if (!minutes.TryGetValue(issuedAt / 60, out var minute))
        {
            Prune(minutes); // a new minute: the expired ones go
            minute = minutes.GetOrAdd(issuedAt / 60, static _ => new Minute());
        }
        Interlocked.Increment(ref minute.Count);
        long last;
        while ((last = Volatile.Read(ref minute.LastExpiry)) < expiresAt && Interlocked.CompareExchange(ref minute.LastExpiry, expiresAt, last) != last)
        {
        }
    }

    /// <summary>Access tokens of the client issued at or before <paramref name="issuedBy"/> that may still be live (an upper bound).</summary>
    public int Live(string clientId, long issuedBy)
    {
        if (!_clients.TryGetValue(clientId, out var minutes))
            return 0;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return minutes.Where(m => m.Key * 60 <= issuedBy && Volatile.Read(ref m.Value.LastExpiry) > now).Sum(m => Volatile.Read(ref m.Value.Count));
    }

    private void Prune(ConcurrentDictionary<long, Minute> minutes)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (key, minute) in minutes)
        {
            if (Volatile.Read(ref minute.LastExpiry) <= now)
                minutes.TryRemove(key, out _);
        }
    }
}
