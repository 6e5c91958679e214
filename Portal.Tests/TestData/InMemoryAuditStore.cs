using System.Runtime.CompilerServices;
using Portal.Domain.Audit;

namespace Portal.Tests.TestData;

/// <summary>An audit log in a list, for service tests that need one to read.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    public List<AuditRecord> Records { get; } = [];

    private IEnumerable<AuditRecord> Newest => Records.OrderByDescending(r => r.Sequence);

    public Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken ct = default) =>
        Task.FromResult(new AuditPage([.. Newest.Skip(query.Page * query.PageSize).Take(query.PageSize)], Records.Count));

    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var record in Newest)
        {
            await Task.Yield();
            yield return record;
        }
    }

    public async IAsyncEnumerable<AuditRecord> ChainAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var record in Records.OrderBy(r => r.Sequence))
        {
            await Task.Yield();
            yield return record;
        }
    }

    public Task<AuditRecord?> FindAsync(long sequence, CancellationToken ct = default) =>
        Task.FromResult(Records.FirstOrDefault(r => r.Sequence == sequence));

    public Task<IReadOnlyList<AuditRecord>> HistoryAsync(IReadOnlyList<string> entityTypes, string entityId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([.. Records.Where(r => entityTypes.Contains(r.EntityType) && r.EntityId == entityId).OrderBy(r => r.Sequence)]);

    public Task<IReadOnlyList<string>> ActorsAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. Records.Select(r => r.ActorEmail).Distinct().Order()]);
}
