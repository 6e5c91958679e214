using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.OAuth;

/// <summary>
/// One writer that commits whatever has queued meanwhile in a single SQLite transaction (group commit): thousands of
/// engine writes a second cost a few transactions, and each caller's task completes only once its write is durable.
/// On shutdown it takes nothing new and commits what is queued; a background chore (pruning) runs beside it.
/// </summary>
public abstract class GroupCommitWriter<T>(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    private const int MaxBatch = 2048;

    private readonly Channel<(T Item, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(T, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    protected IServiceScopeFactory Scopes => scopes;

    protected ILogger Logger => logger;

    /// <summary>
    /// Queues <paramref name="item"/> at once (items are written in the order of these calls) and completes when it is
    /// committed; faults when the commit failed. It cannot be cancelled: a queued item is written whether or not its
    /// caller still waits, so callers keep memory and database in step by waiting for the outcome either way.
    /// </summary>
    /// <exception cref="InvalidOperationException">The writer is stopping: the item was not taken (answer 503).</exception>
    protected Task CommitAsync(T item)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, done)))
            throw new InvalidOperationException("The engine's store is stopping.");
        return done.Task;
    }

    /// <summary>Writes a batch in the caller's transaction.</summary>
    protected abstract Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<T> batch, CancellationToken ct);

    /// <summary>After a batch is committed, before its callers are answered.</summary>
    protected virtual void Committed(IReadOnlyList<T> batch)
    {
    }

    /// <summary>Runs beside the writer until the host stops (pruning).</summary>
    protected virtual Task ChoresAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var chores = ChoresAsync(stoppingToken);
        var batch = new List<(T Item, TaskCompletionSource Done)>(MaxBatch);
        var items = new List<T>(MaxBatch);
        try
        {
            // Runs until the queue is closed (StopAsync) and drained: a queued item is committed, never dropped.
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                    items.Add(entry.Item);
                }
                try
                {
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                        await db.Database.OpenConnectionAsync(CancellationToken.None);
                        var connection = (SqliteConnection)db.Database.GetDbConnection();
                        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(CancellationToken.None);
                        await WriteAsync(connection, transaction, items, CancellationToken.None);
                        await transaction.CommitAsync(CancellationToken.None);
                    }
                    Committed(items);
                    foreach (var (_, done) in batch)
                        done.TrySetResult();
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Could not store {Count} engine writes; their requests fail and may be retried.", batch.Count);
                    foreach (var (_, done) in batch)
                        done.TrySetException(e);
                }
                batch.Clear();
                items.Clear();
            }
        }
        finally
        {
            foreach (var (_, done) in batch)
                done.TrySetException(new InvalidOperationException("The engine's store stopped."));
        }
        await chores;
    }

    /// <summary>Runs <paramref name="chore"/> every <paramref name="every"/> on the app's clock until the host stops.</summary>
    protected static async Task EveryAsync(TimeSpan every, TimeProvider time, Func<CancellationToken, Task> chore, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                await chore(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Deletes rows in chunks with <paramref name="deleteChunk"/> (at most 2,000 rows a call) until fewer are left: each chunk
    /// is a short write, so the writers and portal saves never wait long behind it.
    /// </summary>
    protected async Task<int> DeleteInChunksAsync(Func<PortalDbContext, Task<int>> deleteChunk, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        int deleted, total = 0;
        do
        {
            ct.ThrowIfCancellationRequested();
            deleted = await deleteChunk(db);
            total += deleted;
        }
        while (deleted == 2000);
        return total;
    }
}
