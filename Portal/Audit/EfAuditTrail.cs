using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;

namespace Portal.Audit;

/// <summary>Adds records to this scope's <see cref="PortalDbContext"/>: the stores' next save writes them with the change.</summary>
public sealed class EfAuditTrail(PortalDbContext db, TimeProvider time) : IAuditTrail
{
    public void Record(Actor actor, string action, AuditSubject subject, AuditState? before, AuditState? after)
    {
        if (AuditEntry.Create(actor, action, subject, before, after, time.GetUtcNow().UtcDateTime) is { } record)
            db.AddAuditRecord(record);
    }

    /// <summary>Forgets pending records: their change was refused before it reached the database.</summary>
    public void Discard() => db.DiscardPendingAudit();

    /// <summary>
    /// Writes an event that is a change of its own (a sign-in) at once, and on its own: whatever else this scope still
    /// tracks (a save that failed) is dropped first, so it cannot take the record down with it.
    /// </summary>
    public async Task WriteAsync(Actor actor, string action, AuditSubject subject, AuditState? before, AuditState? after, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        Record(actor, action, subject, before, after);
        await db.SaveChangesAsync(ct);
    }
}
