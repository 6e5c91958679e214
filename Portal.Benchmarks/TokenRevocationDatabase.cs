using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Engine;
using Portal.OAuth;

namespace Portal.Benchmarks;

/// <summary>
/// The SQLite file the token-check benchmarks load their revocation index from: migrated with the application's
/// migrations, in WAL mode, holding <see cref="RevocationCount"/> rows of <c>RevokedTokens</c> whose tokens are all
/// unexpired. Seeded once and reused by later runs (and by each benchmark process) while every row is still unexpired.
/// </summary>
internal static class TokenRevocationDatabase
{
    public const int RevocationCount = 1_000_000;

    // The version in the name changes whenever the seeding does, so that a stale file is never reused.
    private const string FileName = "revocations-1m-v1.db";

    // The seeded tokens expire between 30 and 365 days (the longest token lifetime) after the seeding: the file is
    // reused for a month at least, then seeded again.
    private const long MinLifetimeSeconds = 30L * 24 * 3600;
    private const long MaxLifetimeSeconds = 365L * 24 * 3600;
    private const int ClientIdCount = 1_000;

    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "portal-benchmarks", FileName);

    /// <summary>The connection string the application would use on this file: pooled connections.</summary>
    public static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    /// <summary>Returns the connection string of a ready database, seeded if needed.</summary>
    public static async Task<string> EnsureAsync()
    {
        var path = DefaultPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = ConnectionString(path);
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor(5000))
            .Options;

        if (File.Exists(path))
        {
            await MigrateAsync(options); // A new migration reaches the reused file too.
            if (await IsCompleteAsync(options))
            {
                Console.WriteLine($"// Revocation benchmark database (reused): {path}");
                return connectionString;
            }
            Console.WriteLine($"// Revocation benchmark database {path} is incomplete or expiring: seeding it again.");
            Delete(path);
        }

        var clock = Stopwatch.StartNew();
        await MigrateAsync(options);
        await SeedAsync(connectionString);
        if (!await IsCompleteAsync(options))
            throw new InvalidOperationException($"The seeded revocation database {path} does not hold {RevocationCount} unexpired rows.");
        Console.WriteLine($"// Revocation benchmark database (seeded): {path}");
        Console.WriteLine($"//   {RevocationCount} revocations seeded in {clock.Elapsed.TotalSeconds:F1} s; {new FileInfo(path).Length / 1024 / 1024} MB");
        return connectionString;
    }

    /// <summary>Token ids of seeded revocations, spread evenly over the table (by rowid, that is in seeding order).</summary>
    public static async Task<Guid[]> SampleTokenIdsAsync(string connectionString, int count)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT TokenId FROM RevokedTokens WHERE rowid % $step = 0 ORDER BY rowid LIMIT $count";
        select.Parameters.AddWithValue("$step", RevocationCount / count);
        select.Parameters.AddWithValue("$count", count);
        var ids = new List<Guid>(count);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids.Add(Guid.Parse(reader.GetString(0)));
        if (ids.Count != count)
            throw new InvalidOperationException($"Found {ids.Count} sample revocations, not {count}.");
        return [.. ids];
    }

    private static async Task MigrateAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        await db.Database.MigrateAsync();
        // As the application's start-up does (SeedData): WAL, stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
    }

    /// <summary>Exactly <see cref="RevocationCount"/> rows, every one unexpired, so the store loads all of them.</summary>
    private static async Task<bool> IsCompleteAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var revocations = db.Set<Revocation>();
        return await revocations.CountAsync() == RevocationCount && await revocations.CountAsync(r => r.ExpiresAt > now) == RevocationCount;
    }

    /// <summary>
    /// Plain inserts with one prepared command in one transaction, as <see cref="Portal.OAuth.DurableRevocationStore"/>
    /// writes them: Guids as upper-case text (what EF Core writes and reads), times as Unix seconds. The ids are
    /// random but deterministic (a fixed seed), so every seeding gives the same file.
    /// </summary>
    private static async Task SeedAsync(string connectionString)
    {
        var random = new Random(20261127);
        var seededAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var providerId = new Guid("6f1d3c2a-5b4e-4a39-9c8d-7e6f5a4b3c2d");
        var clientIds = Enumerable.Range(0, ClientIdCount).Select(i => $"bench-client-{i:D4}").ToArray();
        var idBytes = new byte[16];

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // Random text keys make the primary-key index insert all over the file: a big page cache saves re-reads.
            pragma.CommandText = "PRAGMA cache_size = -262144;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await DurableRevocationStore.InsertAsync(connection, transaction, Revocations(), CancellationToken.None);

        IEnumerable<Revocation> Revocations()
        {
            for (var i = 0; i < RevocationCount; i++)
            {
                random.NextBytes(idBytes);
                var lifetime = MinLifetimeSeconds + random.NextInt64(MaxLifetimeSeconds - MinLifetimeSeconds);
                yield return new Revocation(new Guid(idBytes), providerId, clientIds[i % ClientIdCount], seededAt + lifetime, seededAt - random.Next(3600));
            }
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
