using Portal.Domain.Access;
using Portal.Domain.Audit;

namespace Portal.Tests.TestData;

/// <summary>An audit trail for service tests: keeps the records it is given, as the database would before sealing them.</summary>
public sealed class RecordingAuditTrail : IAuditTrail
{
    public List<AuditRecord> Records { get; } = [];

    public void Record(Actor actor, string action, AuditSubject subject, AuditState? before, AuditState? after)
    {
        if (AuditEntry.Create(actor, action, subject, before, after, DateTime.UtcNow) is { } record)
            Records.Add(record);
    }
}
