using System.Collections.Concurrent;
using System.Threading.Channels;
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
    : BackgroundService, IRevocationStore
{
    private const int MaxBatch = 2048;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, long> _revoked = new();
    private readonly Channel<(Revocation Revocation, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(Revocation, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public int Count => _revoked.Count;

    public bool IsRevoked(Guid tokenId) => _revoked.ContainsKey(tokenId);

    /// <exception cref="InvalidOperationException">The store is stopping: the revocation was not taken (answer 503).</exception>
    public async Task RevokeAsync(Revocation revocation, CancellationToken ct = default)
    {
        if (_revoked.ContainsKey(revocation.TokenId))
            return;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((revocation, done)))
            throw new InvalidOperationException("The revocation store is stopping.");
        await done.Task.WaitAsync(ct);
    }

    /// <summary>Takes no new revocation, then commits what is queued before the host stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Fills the index from the database: revocations survive a restart.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await foreach (var r in db.Set<Revocation>().AsNoTracking().Where(r => r.ExpiresAt > now).AsAsyncEnumerable().WithCancellation(ct))
            _revoked[r.TokenId] = r.ExpiresAt;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prune = PruneLoopAsync(stoppingToken);
        var batch = new List<(Revocation Revocation, TaskCompletionSource Done)>(MaxBatch);
        try
        {
            // Runs until the queue is closed (StopAsync) and drained: a queued revocation is committed, never dropped.
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                    batch.Add(item);
                try
                {
                    await CommitAsync(batch, CancellationToken.None);
                    foreach (var (revocation, _) in batch)
                        _revoked[revocation.TokenId] = revocation.ExpiresAt;
                    foreach (var (_, done) in batch)
                        done.TrySetResult();
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Could not store {Count} revocations; their requests fail and may be retried.", batch.Count);
                    foreach (var (_, done) in batch)
                        done.TrySetException(e);
                }
                batch.Clear();
            }
        }
        finally
        {
            foreach (var (_, done) in batch)
                done.TrySetException(new InvalidOperationException("The revocation store stopped."));
        }
        await prune;
    }

    private async Task CommitAsync(List<(Revocation Revocation, TaskCompletionSource Done)> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await InsertAsync(connection, transaction, batch.Select(b => b.Revocation), ct);
        await transaction.CommitAsync(ct);
    }

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

    private async Task PruneLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PruneEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                await PruneAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
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
            // In chunks: each is a short write, so the revocation writer and portal saves never wait long behind it.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            int deleted, total = 0;
            do
            {
                deleted = await db.Database.ExecuteSqlAsync(
                    $"DELETE FROM RevokedTokens WHERE rowid IN (SELECT rowid FROM RevokedTokens WHERE ExpiresAt <= {now} LIMIT 2000)", ct);
                total += deleted;
            }
            while (deleted == 2000);
            return total;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not prune expired revocations; trying again later.");
            return 0;
        }
    }
}
