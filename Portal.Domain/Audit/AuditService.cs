using Portal.Domain.Access;
using Portal.Domain.Common;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Audit;

/// <summary>The audit log as Audit:View holders read it: search, one record, export and verification of the chain.</summary>
public sealed class AuditService(IAuditStore store)
{
    public async Task<Result<AuditPage>> SearchAsync(Actor actor, AuditQuery query, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.AuditView) is { } denied)
            return Result<AuditPage>.From(denied);
        return Result<AuditPage>.Ok(await store.SearchAsync(Normalize(query), ct), "");
    }

    public async Task<Result<AuditRecord>> FindAsync(Actor actor, long sequence, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.AuditView) is { } denied)
            return Result<AuditRecord>.From(denied);
        return await store.FindAsync(sequence, ct) is { } record
            ? Result<AuditRecord>.Ok(record, "")
            : Result<AuditRecord>.From(Result.NotFound($"There is no audit record {sequence}."));
    }

    public async Task<Result<IReadOnlyList<string>>> ActorsAsync(Actor actor, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.AuditView) is { } denied)
            return Result<IReadOnlyList<string>>.From(denied);
        return Result<IReadOnlyList<string>>.Ok(await store.ActorsAsync(ct), "");
    }

    /// <summary>The filtered records as CSV lines (a header first), produced as they are read: never the whole log in memory.</summary>
    public Result<IAsyncEnumerable<string>> ExportCsv(Actor actor, AuditQuery query, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.AuditView) is { } denied)
            return Result<IAsyncEnumerable<string>>.From(denied);
        return Result<IAsyncEnumerable<string>>.Ok(CsvLines(store.StreamAsync(Normalize(query), ct)), "");
    }

    public static readonly IReadOnlyList<string> CsvHeader =
        ["Sequence", "Time (UTC)", "Actor", "Actor id", "Client IP", "Action", "Entity type", "Entity id", "Entity", "Changes", "Diff (JSON)", "Hash"];

    private static async IAsyncEnumerable<string> CsvLines(IAsyncEnumerable<AuditRecord> records)
    {
        yield return Csv.Row(CsvHeader);
        await foreach (var r in records)
        {
            yield return Csv.Row([
                r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                r.ActorEmail, r.ActorId, r.ClientIp, r.Action, r.EntityType, r.EntityId, r.EntityName,
                AuditSummary.Changes(r), r.DiffJson, r.Hash,
            ]);
        }
    }

    /// <summary>Checks the whole chain: "intact, N records" or the first record where it breaks.</summary>
    public async Task<Result<ChainVerdict>> VerifyAsync(Actor actor, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.AuditView) is { } denied)
            return Result<ChainVerdict>.From(denied);
        var verdict = await VerifyChainAsync(store, ct);
        return Result<ChainVerdict>.Ok(verdict, verdict.Message);
    }

    /// <summary>The check itself, for the command line (run by whoever runs the server, not a signed-in member).</summary>
    public static Task<ChainVerdict> VerifyChainAsync(IAuditStore store, CancellationToken ct = default) =>
        AuditChain.VerifyAsync(store.ChainAsync(ct), ct);

    private static AuditQuery Normalize(AuditQuery query) => query with
    {
        ActorEmail = Blank(query.ActorEmail),
        EntityType = Blank(query.EntityType),
        Entity = Blank(query.Entity),
        Action = Blank(query.Action),
        Page = Math.Max(0, query.Page),
        PageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
