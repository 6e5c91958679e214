namespace Portal.Domain.Audit;

/// <summary>
/// One append-only audit record (issue 5, spec §7). Snapshots are JSON with secrets already masked; the hash covers
/// the canonical content and the previous record's hash, so the records form a tamper-evident chain.
/// </summary>
public sealed record AuditRecord
{
    public required long Sequence { get; init; }
    public required DateTime AtUtc { get; init; }
    public required string ActorId { get; init; }
    public required string ActorEmail { get; init; }
    public required string ClientIp { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public required string EntityName { get; init; }
    public required string BeforeJson { get; init; }
    public required string AfterJson { get; init; }
    public required string DiffJson { get; init; }
    public required string PreviousHash { get; init; }
    public string Hash { get; init; } = "";
}
