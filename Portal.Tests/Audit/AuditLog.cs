using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Audit;
using Portal.Tests.Http;

namespace Portal.Tests.Audit;

/// <summary>Reads the audit log of a test's app: through the store, or straight from the SQLite file.</summary>
internal static class AuditLog
{
    public static async Task<List<AuditRecord>> AllAsync(PortalFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var records = new List<AuditRecord>();
        await foreach (var record in scope.ServiceProvider.GetRequiredService<IAuditStore>().ChainAsync())
            records.Add(record);
        return records;
    }

    public static async Task<List<AuditRecord>> AfterAsync(PortalFactory app, long sequence) =>
        [.. (await AllAsync(app)).Where(r => r.Sequence > sequence)];

    public static async Task<long> LastSequenceAsync(PortalFactory app) =>
        (await AllAsync(app)).Select(r => r.Sequence).DefaultIfEmpty(0).Max();

    public static async Task<ChainVerdict> VerifyAsync(PortalFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await AuditService.VerifyChainAsync(scope.ServiceProvider.GetRequiredService<IAuditStore>());
    }

    /// <summary>Runs SQL on the database file as someone with access to the disk would (triggers dropped first).</summary>
    public static async Task TamperAsync(PortalFactory app, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER IF EXISTS AuditRecords_NoUpdate; DROP TRIGGER IF EXISTS AuditRecords_NoDelete; " + sql;
        await command.ExecuteNonQueryAsync();
    }

    public static IReadOnlyList<FieldChange> Diff(AuditRecord record) => AuditSummary.Diff(record);
}
