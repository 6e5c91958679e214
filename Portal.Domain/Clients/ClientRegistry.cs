using System.Collections.Immutable;
using Portal.Domain.Common;
using Portal.Domain.Providers;

namespace Portal.Domain.Clients;

/// <summary>What the engine needs of a client on every request, immutable; its secrets as SHA-256 hashes only.</summary>
public sealed record ClientSnapshot(
    Guid Id,
    Guid ProviderId,
    string ClientId,
    string Name,
    ClientTypes Type,
    GrantTypes GrantTypes,
    IReadOnlySet<string> Scopes,
    bool Enabled,
    string? SecretHash,
    string? PreviousSecretHash,
    DateTime? PreviousSecretExpiresAtUtc)
{
    public bool IsConfidential => Type == ClientTypes.Confidential;

    /// <summary>The current secret, or the previous one during its grace period; constant-time either way.</summary>
    public bool SecretMatches(ReadOnlySpan<char> presented, DateTime nowUtc) =>
        ClientSecrets.Matches(presented, SecretHash)
        | (PreviousSecretExpiresAtUtc > nowUtc && ClientSecrets.Matches(presented, PreviousSecretHash));

    public static ClientSnapshot From(ClientApplication c) => new(
        c.Id, c.ProviderId, c.ClientId, c.Name, c.Type, c.GrantTypes,
        c.Scopes.ToImmutableHashSet(StringComparer.Ordinal), c.Enabled, c.SecretHash, c.PreviousSecretHash, c.PreviousSecretExpiresAtUtc);
}

/// <summary>
/// Every client, by client id, as the engine reads it: one immutable dictionary swapped whole on each saved change, so
/// a request never waits for a lock and never sees half a change. Filled from the database at start-up.
/// </summary>
public sealed class ClientRegistry : SerialWriter
{
    private ImmutableDictionary<string, ClientSnapshot> _clients = ImmutableDictionary.Create<string, ClientSnapshot>(StringComparer.Ordinal);

    public ClientSnapshot? Find(string clientId) => Volatile.Read(ref _clients).GetValueOrDefault(clientId);

    public IEnumerable<ClientSnapshot> OfProvider(Guid providerId) => Volatile.Read(ref _clients).Values.Where(c => c.ProviderId == providerId);

    public void Publish(ClientApplication client) =>
        ImmutableInterlocked.Update(ref _clients, (all, c) => all.SetItem(c.ClientId, c), ClientSnapshot.From(client));

    public void Remove(string clientId) => ImmutableInterlocked.TryRemove(ref _clients, clientId, out _);

    /// <summary>A provider's clients go with it (the rows by cascade).</summary>
    public void RemoveProvider(Guid providerId) =>
        ImmutableInterlocked.Update(ref _clients, (all, id) => all.RemoveRange(all.Values.Where(c => c.ProviderId == id).Select(c => c.ClientId)), providerId);

    public void Load(IEnumerable<ClientSnapshot> clients) =>
        Volatile.Write(ref _clients, clients.ToImmutableDictionary(c => c.ClientId, StringComparer.Ordinal));
}
