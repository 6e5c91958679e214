namespace Portal.Domain.Audit;

/// <summary>Filters of the audit log. Every filter is optional; text filters match exactly (actor, entity id) or by prefix (entity name).</summary>
public sealed record AuditQuery
{
    public const int MaxPageSize = 200;

    public string? ActorEmail { get; init; }
    public string? EntityType { get; init; }

    /// <summary>An entity's id, or the start of its name.</summary>
    public string? Entity { get; init; }
    public string? Action { get; init; }
    public DateTime? FromUtc { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTime? ToUtc { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, int TotalCount);

/// <summary>Reads the audit log. Writing is the <see cref="IAuditTrail"/>'s, with each change; nothing deletes.</summary>
public interface IAuditStore
{
    /// <summary>One page of matching records, newest first.</summary>
    Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken ct = default);

    /// <summary>Every matching record, newest first, read as it is consumed (for an export of any size).</summary>
    IAsyncEnumerable<AuditRecord> StreamAsync(AuditQuery query, CancellationToken ct = default);

    /// <summary>Every record in sequence order, read as it is consumed (for verification).</summary>
    IAsyncEnumerable<AuditRecord> ChainAsync(CancellationToken ct = default);

    Task<AuditRecord?> FindAsync(long sequence, CancellationToken ct = default);

    /// <summary>The records of one entity id under the given types, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> HistoryAsync(IReadOnlyList<string> entityTypes, string entityId, CancellationToken ct = default);

    /// <summary>The e-mail addresses that appear as actors, for the actor filter.</summary>
    Task<IReadOnlyList<string>> ActorsAsync(CancellationToken ct = default);
}
