using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Engine;
using Portal.OAuth;

namespace Portal.Benchmarks;

/// <summary>
/// The SQLite file the token-check benchmarks load their revocation index and their grants from: migrated with the
/// application's migrations, in WAL mode, holding <see cref="RevocationCount"/> rows of <c>RevokedTokens</c> whose tokens
/// are all unexpired and <see cref="GrantCount"/> rows of <c>Grants</c> (password grants of the benchmark's
/// <see cref="ClientIds"/>, one in <see cref="RevokedGrantEvery"/> revoked) that expire about a day after their seeding.
/// Seeded once and reused by later runs (and by each benchmark process): the revocations while every one is unexpired,
/// the grants while none expires within the hour (then the grants alone are seeded again).
/// </summary>
internal static class TokenRevocationDatabase
{
    public const int RevocationCount = 1_000_000;
    public const int GrantCount = 1_000_000;
    public const int RevokedGrantEvery = 100;
    public const int ClientCount = 1_000;

    /// <summary>The benchmark provider's id, which the seeded revocations and grants carry.</summary>
    public static readonly Guid ProviderId = new("6f1d3c2a-5b4e-4a39-9c8d-7e6f5a4b3c2d");

    /// <summary>
    /// The benchmark's client ids: 24 characters of the alphabet <c>ClientSecrets.NewClientId</c> uses, random but the
    /// same in every run, so the clients the benchmark registers are those of the seeded rows.
    /// </summary>
    public static readonly IReadOnlyList<string> ClientIds = MakeClientIds();

    // The version in the name changes whenever the seeding does, so that a stale file is never reused.
    // v2: grants added; the revocations carry the client ids of ClientIds.
    private const string FileName = "revocations-grants-1m-v2.db";

    // The seeded tokens expire between 30 and 365 days (the longest token lifetime) after the seeding: the file is
    // reused for a month at least, then seeded again.
    private const long MinLifetimeSeconds = 30L * 24 * 3600;
    private const long MaxLifetimeSeconds = 365L * 24 * 3600;

    // A grant lives a day after its last tokens were issued (the benchmark provider's refresh-token lifetime), and the
    // grants are seeded again once one of them expires within the hour: none expires during a run.
    public const int GrantLifetimeSeconds = 24 * 3600;
    private const long GrantMarginSeconds = 3600;

    public const string Scope = "orders:read orders:write";

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
            if (await RevocationsCompleteAsync(options))
            {
                if (!await GrantsCompleteAsync(options))
                {
                    Console.WriteLine($"// Token benchmark database {path}: the grants are incomplete or expiring: seeding them again.");
                    var grantClock = Stopwatch.StartNew();
                    await SeedGrantsAsync(connectionString, replace: true);
                    if (!await GrantsCompleteAsync(options))
                        throw new InvalidOperationException($"The seeded database {path} does not hold {GrantCount} grants that stay unexpired.");
                    Console.WriteLine($"//   {GrantCount} grants seeded in {grantClock.Elapsed.TotalSeconds:F1} s");
                }
                Console.WriteLine($"// Token benchmark database (reused): {path}");
                return connectionString;
            }
            Console.WriteLine($"// Token benchmark database {path} is incomplete or expiring: seeding it again.");
            Delete(path);
        }

        var clock = Stopwatch.StartNew();
        await MigrateAsync(options);
        await SeedRevocationsAsync(connectionString);
        var revocationTime = clock.Elapsed;
        await SeedGrantsAsync(connectionString, replace: false);
        if (!await RevocationsCompleteAsync(options) || !await GrantsCompleteAsync(options))
        {
            throw new InvalidOperationException($"The seeded database {path} does not hold {RevocationCount} unexpired revocations " +
                $"and {GrantCount} grants that stay unexpired.");
        }
        Console.WriteLine($"// Token benchmark database (seeded): {path}");
        Console.WriteLine($"//   {RevocationCount} revocations seeded in {revocationTime.TotalSeconds:F1} s, {GrantCount} grants in " +
            $"{(clock.Elapsed - revocationTime).TotalSeconds:F1} s; {new FileInfo(path).Length / 1024 / 1024} MB");
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

    /// <summary>
    /// Ids and client ids of <paramref name="count"/> seeded grants, live or revoked, spread evenly over those grants
    /// (by rowid, that is in seeding order).
    /// </summary>
    public static async Task<(Guid Id, string ClientId)[]> SampleGrantsAsync(string connectionString, int count, bool revoked)
    {
        var total = revoked ? GrantCount / RevokedGrantEvery : GrantCount - GrantCount / RevokedGrantEvery;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT Id, ClientId FROM (
                SELECT Id, ClientId, row_number() OVER (ORDER BY rowid) AS n FROM Grants WHERE (RevokedAt IS NOT NULL) = $revoked)
            WHERE n % $step = 0 ORDER BY n LIMIT $count
            """;
        select.Parameters.AddWithValue("$revoked", revoked);
        select.Parameters.AddWithValue("$step", Math.Max(1, total / count));
        select.Parameters.AddWithValue("$count", count);
        var grants = new List<(Guid, string)>(count);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            grants.Add((Guid.Parse(reader.GetString(0)), reader.GetString(1)));
        if (grants.Count != count)
            throw new InvalidOperationException($"Found {grants.Count} sample grants ({(revoked ? "revoked" : "live")}), not {count}.");
        return [.. grants];
    }

    private static async Task MigrateAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        await db.Database.MigrateAsync();
        // As the application's start-up does (SeedData): WAL, stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
    }

    /// <summary>Exactly <see cref="RevocationCount"/> rows, every one unexpired, so the store loads all of them.</summary>
    private static async Task<bool> RevocationsCompleteAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var revocations = db.Set<Revocation>();
        return await revocations.CountAsync() == RevocationCount && await revocations.CountAsync(r => r.ExpiresAt > now) == RevocationCount;
    }

    /// <summary>
    /// Exactly <see cref="GrantCount"/> grants, none expiring within the hour (so every benchmark process of a run loads
    /// all of them), one in <see cref="RevokedGrantEvery"/> revoked.
    /// </summary>
    private static async Task<bool> GrantsCompleteAsync(DbContextOptions<PortalDbContext> options)
    {
        await using var db = new PortalDbContext(options);
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + GrantMarginSeconds;
        var grants = db.Set<Grant>();
        return await grants.CountAsync() == GrantCount
            && await grants.CountAsync(g => g.ExpiresAt > until) == GrantCount
            && await grants.CountAsync(g => g.RevokedAt != null) == GrantCount / RevokedGrantEvery;
    }

    /// <summary>A connection for seeding, with a big page cache.</summary>
    private static async Task<SqliteConnection> OpenForSeedingAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        // Random text keys make the primary-key index insert all over the file: a big page cache saves re-reads.
        pragma.CommandText = "PRAGMA cache_size = -262144;";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>
    /// Plain inserts with one prepared command in one transaction, as <see cref="DurableRevocationStore"/> writes them
    /// (its own insert): Guids as upper-case text (what EF Core writes and reads), times as Unix seconds. The ids are
    /// random but deterministic (a fixed seed), so every seeding gives the same rows.
    /// </summary>
    private static async Task SeedRevocationsAsync(string connectionString)
    {
        var random = new Random(20261127);
        var seededAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idBytes = new byte[16];

        await using var connection = await OpenForSeedingAsync(connectionString);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await DurableRevocationStore.InsertAsync(connection, transaction, Revocations(), CancellationToken.None);

        IEnumerable<Revocation> Revocations()
        {
            for (var i = 0; i < RevocationCount; i++)
            {
                random.NextBytes(idBytes);
                var lifetime = MinLifetimeSeconds + random.NextInt64(MaxLifetimeSeconds - MinLifetimeSeconds);
                yield return new Revocation(new Guid(idBytes), ProviderId, ClientIds[i % ClientCount], seededAt + lifetime, seededAt - random.Next(3600));
            }
        }
        await transaction.CommitAsync();
    }

    /// <summary>
    /// Password grants as <see cref="TokenEngine.PasswordAsync"/> makes them, written in one transaction by the store's
    /// own upsert (<see cref="DurableGrantStore"/>, one prepared command): a client of <see cref="ClientIds"/> in turn,
    /// owners <c>user000000</c> to <c>user999999</c> at random, consented within the last week, last issued within the
    /// hour, one or two refreshes left, and expiring a day after their last issue. Every
    /// <see cref="RevokedGrantEvery"/>th grant is revoked. Deterministic but for the times, like the revocations.
    /// </summary>
    /// <param name="replace">Deletes the grants already there first (their expiry drew near).</param>
    private static async Task SeedGrantsAsync(string connectionString, bool replace)
    {
        var random = new Random(20261128);
        var seededAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idBytes = new byte[16];

        await using var connection = await OpenForSeedingAsync(connectionString);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        if (replace)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM Grants;";
            await delete.ExecuteNonQueryAsync();
        }
        await DurableGrantStore.UpsertAsync(connection, transaction, Grants(), CancellationToken.None);

        Guid NewId()
        {
            random.NextBytes(idBytes);
            return new Guid(idBytes);
        }

        IEnumerable<Grant> Grants()
        {
            for (var i = 0; i < GrantCount; i++)
            {
                var consented = seededAt - random.Next(7 * 24 * 3600);
                var issued = Math.Max(consented, seededAt - random.Next(3600));
                var expires = issued + GrantLifetimeSeconds;
                yield return new Grant(NewId(), ProviderId, ClientIds[i % ClientCount], $"user{random.Next(1_000_000):D6}", Scope,
                    TokenEngine.GrantPassword, consented, issued, NewId(), 1 + random.Next(2), expires, expires,
                    i % RevokedGrantEvery == 0 ? Math.Max(issued, seededAt - random.Next(600)) : null);
            }
        }
        await transaction.CommitAsync();
    }

    private static string[] MakeClientIds()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"; // ClientSecrets' IdAlphabet
        var random = new Random(1000);
        return [.. Enumerable.Range(0, ClientCount).Select(_ => new string(random.GetItems(Alphabet.AsSpan(), 24)))];
    }

    private static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
    }
}
