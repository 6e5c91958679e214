using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Audit;

namespace Portal.Data.Stores;

internal sealed class EfAuditStore(PortalDbContext db) : IAuditStore
{
    public async Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        var records = Filter(query);
        var total = await records.CountAsync(ct);
        var items = await records.OrderByDescending(r => r.Sequence)
            .Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var record in Filter(query).OrderByDescending(r => r.Sequence).AsAsyncEnumerable().WithCancellation(ct))
            yield return record;
    }

    public async IAsyncEnumerable<AuditRecord> ChainAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var record in db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(ct))
            yield return record;
    }

    public Task<AuditRecord?> FindAsync(long sequence, CancellationToken ct = default) =>
        db.AuditRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Sequence == sequence, ct);

    public async Task<IReadOnlyList<AuditRecord>> HistoryAsync(IReadOnlyList<string> entityTypes, string entityId, CancellationToken ct = default) =>
        await db.AuditRecords.AsNoTracking()
            .Where(r => entityTypes.Contains(r.EntityType) && r.EntityId == entityId)
            .OrderBy(r => r.Sequence)
            .ToListAsync(ct);

    public async Task<IReadOnlyList<string>> ActorsAsync(CancellationToken ct = default) =>
        await db.AuditRecords.AsNoTracking().Where(r => r.ActorId != AuditEntry.Anonymous)
            .Select(r => r.ActorEmail).Distinct().OrderBy(e => e).ToListAsync(ct);

    private IQueryable<AuditRecord> Filter(AuditQuery query)
    {
        var records = db.AuditRecords.AsNoTracking();
        if (query.ActorEmail is { } actor)
            records = records.Where(r => r.ActorEmail == actor);
        if (query.EntityType is { } type)
            records = records.Where(r => r.EntityType == type);
        if (query.Action is { } action)
            records = records.Where(r => r.Action == action);
        if (query.Entity is { } entity)
        {
            var prefix = entity.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            records = records.Where(r => r.EntityId == entity || EF.Functions.Like(r.EntityName, prefix, "\\"));
        }
        if (query.FromUtc is { } from)
            records = records.Where(r => r.AtUtc >= from);
        if (query.ToUtc is { } to)
            records = records.Where(r => r.AtUtc < to);
        return records;
    }
}
