using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Engine;

namespace Portal.OAuth;

/// <summary>
/// The in-process revocation index: reads are dictionary lookups; a revocation is queued to one writer that commits
/// whatever has queued meanwhile in a single transaction (group commit), and only then is it in force and answered.
/// Entries for expired tokens are pruned from memory and from the database.
/// </summary>
public sealed class DurableRevocationStore(IServiceScopeFactory scopes, TimeProvider time, ILogger<DurableRevocationStore> logger)
    : GroupCommitWriter<Revocation>(scopes, logger), IRevocationStore
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, long> _revoked = new();

    public int Count => _revoked.Count;

    public bool IsRevoked(Guid tokenId) => _revoked.ContainsKey(tokenId);

    /// <exception cref="InvalidOperationException">The store is stopping: the revocation was not taken (answer 503).</exception>
    public async Task RevokeAsync(Revocation revocation, CancellationToken ct = default)
    {
        if (_revoked.ContainsKey(revocation.TokenId))
            return;
        await CommitAsync(revocation); // not cancelled with the request: once queued, it is stored and in force
    }

    /// <summary>Fills the index from the database: revocations survive a restart.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await foreach (var r in db.Set<Revocation>().AsNoTracking().Where(r => r.ExpiresAt > now).AsAsyncEnumerable().WithCancellation(ct))
            _revoked[r.TokenId] = r.ExpiresAt;
    }

    protected override Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<Revocation> batch, CancellationToken ct) =>
        InsertAsync(connection, transaction, batch, ct);

    protected override void Committed(IReadOnlyList<Revocation> batch)
    {
        foreach (var revocation in batch)
            _revoked[revocation.TokenId] = revocation.ExpiresAt;
    }

    protected override Task ChoresAsync(CancellationToken stoppingToken) => EveryAsync(PruneEvery, time, PruneAsync, stoppingToken);

    /// <summary>Stores revocations in the caller's transaction; one already stored is left as it is.</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<Revocation> revocations, CancellationToken ct)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR IGNORE INTO RevokedTokens (TokenId, ProviderId, ClientId, ExpiresAt, RevokedAt)
            VALUES ($token, $provider, $client, $expires, $revoked)
            """;
        var token = insert.Parameters.Add("$token", SqliteType.Text);
        var provider = insert.Parameters.Add("$provider", SqliteType.Text);
        var client = insert.Parameters.Add("$client", SqliteType.Text);
        var expires = insert.Parameters.Add("$expires", SqliteType.Integer);
        var revoked = insert.Parameters.Add("$revoked", SqliteType.Integer);
        insert.Prepare();
        // EF stores Guids as upper-case text; the same here, so lookups through EF find these rows.
        foreach (var r in revocations)
        {
            token.Value = r.TokenId.ToString().ToUpperInvariant();
            provider.Value = r.ProviderId.ToString().ToUpperInvariant();
            client.Value = r.ClientId;
            expires.Value = r.ExpiresAt;
            revoked.Value = r.RevokedAt;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Forgets revocations of tokens that have expired since: they are dead anyway.</summary>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (tokenId, expires) in _revoked)
        {
            if (expires <= now)
                _revoked.TryRemove(tokenId, out _);
        }
        try
        {
            return await DeleteInChunksAsync(db => db.Database.ExecuteSqlAsync(
                $"DELETE FROM RevokedTokens WHERE rowid IN (SELECT rowid FROM RevokedTokens WHERE ExpiresAt <= {now} LIMIT 2000)", ct), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Could not prune expired revocations; trying again later.");
            return 0;
        }
    }
}
