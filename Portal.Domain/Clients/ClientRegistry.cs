using System.Collections.Frozen;
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
/// Every client, by client id, as the engine reads it: one frozen dictionary replaced whole on each saved change, so
/// a request never waits for a lock, never sees half a change, and looks a client id up without allocating. Filled
/// from the database at start-up.
/// </summary>
public sealed class ClientRegistry : SerialWriter
{
    private sealed record Index(FrozenDictionary<string, ClientSnapshot> Clients)
    {
        public FrozenDictionary<string, ClientSnapshot>.AlternateLookup<ReadOnlySpan<char>> BySpan { get; } =
            Clients.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private readonly Lock _writeLock = new();
    private Index _index = new(FrozenDictionary<string, ClientSnapshot>.Empty.ToFrozenDictionary(StringComparer.Ordinal));

    public ClientSnapshot? Find(string clientId) => Volatile.Read(ref _index).Clients.GetValueOrDefault(clientId);

    public ClientSnapshot? Find(ReadOnlySpan<char> clientId) =>
        Volatile.Read(ref _index).BySpan.TryGetValue(clientId, out var client) ? client : null;

    public IEnumerable<ClientSnapshot> OfProvider(Guid providerId) => Volatile.Read(ref _index).Clients.Values.Where(c => c.ProviderId == providerId);

    public void Publish(ClientApplication client)
    {
        var snapshot = ClientSnapshot.From(client);
        Update(all => all.Where(c => c.ClientId != snapshot.ClientId).Append(snapshot));
    }

    public void Remove(string clientId) => Update(all => all.Where(c => c.ClientId != clientId));

    /// <summary>A provider's clients go with it (the rows by cascade).</summary>
    public void RemoveProvider(Guid providerId) => Update(all => all.Where(c => c.ProviderId != providerId));

    public void Load(IEnumerable<ClientSnapshot> clients) => Update(_ => clients);

    private void Update(Func<IEnumerable<ClientSnapshot>, IEnumerable<ClientSnapshot>> change)
    {
        lock (_writeLock)
        {
            var next = change(_index.Clients.Values).ToFrozenDictionary(c => c.ClientId, StringComparer.Ordinal);
            Volatile.Write(ref _index, new Index(next));
        }
    }
}
