using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Stores;
using Portal.Domain.Audit;

namespace Portal.Benchmarks;

/// <summary>
/// The SQLite file the audit benchmarks read: migrated with the application's migrations, in WAL mode, holding
/// <see cref="RecordCount"/> sealed records. Seeded once and reused by later runs (and by each benchmark process).
/// </summary>
internal static class AuditBenchmarkDatabase
{
    public const int RecordCount = 100_000;

    /// <summary>
    /// Set to the path of an already seeded file to benchmark that file as it is (for instance a copy with an extra,
    /// experimental index). Such a file is never migrated, seeded or deleted.
    /// </summary>
    public const string PathVariable = "PORTAL_BENCHMARK_DB";

    // The version in the name changes whenever the generator does, so that a stale file is never reused.
    private const string FileName = "audit-100k-v1.db";

    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "portal-benchmarks", FileName);

    /// <summary>The options the application would use: pooled connections and its per-connection pragmas.</summary>
    public static DbContextOptions<PortalDbContext> Options(string path) =>
        new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite(ConnectionString(path))
            .AddInterceptors(new SqlitePragmaInterceptor(5000))
            .Options;

    /// <summary>Returns the options of a ready database: the given file, or the default one, seeded if needed.</summary>
    public static async Task<DbContextOptions<PortalDbContext>> EnsureAsync()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } given)
        {
            var external = Options(Path.GetFullPath(given));
            var count = File.Exists(given) ? await CountAsync(external) : 0;
            if (count != RecordCount)
                throw new InvalidOperationException($"{PathVariable}={given} holds {count} audit records, not {RecordCount}.");
            Console.WriteLine($"// Audit benchmark database (from {PathVariable}): {given}");
            return external;
        }

        var path = DefaultPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = Options(path);
        if (File.Exists(path))
        {
            await MigrateAsync(options); // A new migration (a new index, say) reaches the reused file too.
            if (await CountAsync(options) == RecordCount)
            {
                Console.WriteLine($"// Audit benchmark database (reused): {path}");
                return options;
            }
            Console.WriteLine($"// Audit benchmark database {path} is incomplete: seeding it again.");
            Delete(path); // The append-only triggers forbid DELETE: start from a new file.
        }

        var clock = Stopwatch.StartNew();
        await MigrateAsync(options);
        var generator = new AuditHistoryGenerator();
        await SeedAsync(path, generator.Generate(RecordCount));
        var seeded = clock.Elapsed;

        // Proof that the records are what the application would have written: the chain verifies through the store.
        await using (var db = new PortalDbContext(options))
        {
            var verdict = await AuditChain.VerifyAsync(new EfAuditStore(db).ChainAsync());
            if (!verdict.Intact || verdict.Count != RecordCount)
                throw new InvalidOperationException($"The seeded audit chain does not verify: {verdict.Message}");
            Console.WriteLine($"// Audit benchmark database (seeded): {path}");
            Console.WriteLine($"//   {RecordCount} records, {generator.EntityCount} entities, {AuditHistoryGenerator.ActorCount} actors;" +
                $" seeded in {seeded.TotalSeconds:F1} s; chain {verdict.Message}; {new FileInfo(path).Length / 1024 / 1024} MB");
        }
        return options;
    }

    private static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    private static async Task MigrateAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        await db.Database.MigrateAsync();
        // As the application's start-up does (SeedData): WAL, stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
    }

    private static async Task<int> CountAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        return await db.AuditRecords.CountAsync();
    }

    /// <summary>
    /// Plain inserts with one prepared command in one transaction: the records are sealed already, so the sealing
    /// save of <see cref="PortalDbContext"/> (one chain read per save) is not needed and would take minutes.
    /// </summary>
    private static async Task SeedAsync(string path, IEnumerable<AuditRecord> records)
    {
        await using var connection = new SqliteConnection(ConnectionString(path));
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO AuditRecords (Sequence, AtUtc, ActorId, ActorEmail, ClientIp, Action, EntityType, EntityId, EntityName,
                                      BeforeJson, AfterJson, DiffJson, PreviousHash, Hash)
            VALUES ($sequence, $atUtc, $actorId, $actorEmail, $clientIp, $action, $entityType, $entityId, $entityName,
                    $beforeJson, $afterJson, $diffJson, $previousHash, $hash)
            """;
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        // A DateTime parameter is written as "yyyy-MM-dd HH:mm:ss.FFFFFFF", the text EF Core writes and compares.
        var atUtc = insert.Parameters.Add("$atUtc", SqliteType.Text);
        var text = new[]
        {
            "$actorId", "$actorEmail", "$clientIp", "$action", "$entityType", "$entityId", "$entityName", "$beforeJson",
            "$afterJson", "$diffJson", "$previousHash", "$hash",
        }.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        insert.Prepare();

        foreach (var r in records)
        {
            sequence.Value = r.Sequence;
            atUtc.Value = r.AtUtc;
            string[] values = [r.ActorId, r.ActorEmail, r.ClientIp, r.Action, r.EntityType, r.EntityId, r.EntityName, r.BeforeJson,
                r.AfterJson, r.DiffJson, r.PreviousHash, r.Hash];
            for (var i = 0; i < values.Length; i++)
                text[i].Value = values[i];
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
    }
}
