using System.Collections.Concurrent;
using Portal.Domain.Engine;

namespace Portal.Tests.TestData;

/// <summary>The engine's grants in a dictionary, for tests of the domain alone (the app's store is tested on SQLite).</summary>
internal sealed class InMemoryGrantStore : IGrantStore
{
    private readonly ConcurrentDictionary<Guid, Grant> _grants = new();

    public Grant? Find(Guid grantId) => _grants.GetValueOrDefault(grantId);

    public IEnumerable<Grant> OfProvider(Guid providerId) => _grants.Values.Where(g => g.ProviderId == providerId);

    public Task AddAsync(Grant grant, CancellationToken ct = default)
    {
        _grants[grant.Id] = grant;
        return Task.CompletedTask;
    }

    public Task<bool> ReplaceAsync(Grant current, Grant next, CancellationToken ct = default) => Task.FromResult(_grants.TryUpdate(current.Id, next, current));

    public void Revoked(IEnumerable<Guid> grantIds, long at)
    {
        foreach (var id in grantIds)
        {
            if (_grants.TryGetValue(id, out var grant))
                _grants[id] = grant with { RevokedAt = grant.RevokedAt ?? at };
        }
    }
}

/// <summary>Records what the portal's revocations would commit.</summary>
internal sealed class RecordingTokenAdminStore : ITokenAdminStore
{
    public List<(IReadOnlyCollection<Guid> Grants, long At, TokenCutoff? Cutoff)> Saved { get; } = [];

    public Task SaveAsync(IReadOnlyCollection<Guid> revokedGrants, long revokedAt, TokenCutoff? cutoff, CancellationToken ct = default)
    {
        Saved.Add((revokedGrants, revokedAt, cutoff));
        return Task.CompletedTask;
    }
}
