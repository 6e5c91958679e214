using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Engine;

namespace Portal.OAuth;

/// <summary>
/// The engine's grants in memory (lookups without a database read), each change committed by one writer in groups
/// before it is answered. Grants whose last token has expired are pruned from memory and the database.
/// </summary>
public sealed class DurableGrantStore(IServiceScopeFactory scopes, TimeProvider time, ILogger<DurableGrantStore> logger)
    : GroupCommitWriter<Grant>(scopes, logger), IGrantStore
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, Grant> _grants = new();

    // Swaps and their queueing happen under this lock, so the writer stores a grant's versions in the order they were made.
    private readonly Lock _swap = new();

    public int Count => _grants.Count;

    public Grant? Find(Guid grantId) => _grants.GetValueOrDefault(grantId);

    public IEnumerable<Grant> OfProvider(Guid providerId) => _grants.Values.Where(g => g.ProviderId == providerId);

    /// <remarks>Neither this nor <see cref="ReplaceAsync"/> is cancelled with the request: a change once queued is stored and kept in memory.</remarks>
    public async Task AddAsync(Grant grant, CancellationToken ct = default)
    {
        await CommitAsync(grant);
        _grants[grant.Id] = grant;
    }

    public async Task<bool> ReplaceAsync(Grant current, Grant next, CancellationToken ct = default)
    {
        Task committed;
        lock (_swap)
        {
            if (!_grants.TryUpdate(current.Id, next, current))
                return false;
            try
            {
                committed = CommitAsync(next);
            }
            catch
            {
                _grants.TryUpdate(current.Id, current, next); // not queued (the writer is stopping): as if it never happened
                throw;
            }
        }
        try
        {
            await committed;
            return true;
        }
        catch
        {
            // The commit failed: nothing was stored, so memory goes back too (unless someone changed it since).
            _grants.TryUpdate(current.Id, current, next);
            throw;
        }
    }

    public void Revoked(IEnumerable<Guid> grantIds, long at)
    {
        lock (_swap)
        {
            foreach (var id in grantIds)
            {
                if (_grants.TryGetValue(id, out var grant) && grant.RevokedAt is null)
                    _grants[id] = grant with { RevokedAt = at };
            }
        }
    }

    /// <summary>Fills the store from the database: grants, their rotation state and revocations survive a restart.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await foreach (var g in db.Set<Grant>().AsNoTracking().Where(g => g.ExpiresAt > now).AsAsyncEnumerable().WithCancellation(ct))
            _grants[g.Id] = g;
    }

    protected override Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<Grant> batch, CancellationToken ct) =>
        UpsertAsync(connection, transaction, batch, ct);

    /// <summary>Stores grants in the caller's transaction: a new one is inserted, a known one updated.</summary>
    /// <remarks>
    /// A revocation is never undone here: the portal's revocations commit on their own (with their audit record), and
    /// a rotation queued just before one must not clear it.
    /// </remarks>
    internal static async Task UpsertAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<Grant> grants, CancellationToken ct)
    {
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO Grants (Id, ProviderId, ClientId, Owner, Scope, GrantType, ConsentedOn, LastIssuedAt, RefreshTokenId, RefreshesLeft, RefreshExpiresAt, ExpiresAt, RevokedAt)
            VALUES ($id, $provider, $client, $owner, $scope, $type, $consented, $issued, $refresh, $left, $refreshExpires, $expires, $revoked)
            ON CONFLICT (Id) DO UPDATE SET
                LastIssuedAt = excluded.LastIssuedAt, RefreshTokenId = excluded.RefreshTokenId, RefreshesLeft = excluded.RefreshesLeft, RefreshExpiresAt = excluded.RefreshExpiresAt,
                ExpiresAt = excluded.ExpiresAt, RevokedAt = COALESCE(Grants.RevokedAt, excluded.RevokedAt)
            """;
        var id = upsert.Parameters.Add("$id", SqliteType.Text);
        var provider = upsert.Parameters.Add("$provider", SqliteType.Text);
        var client = upsert.Parameters.Add("$client", SqliteType.Text);
        var owner = upsert.Parameters.Add("$owner", SqliteType.Text);
        var scope = upsert.Parameters.Add("$scope", SqliteType.Text);
        var type = upsert.Parameters.Add("$type", SqliteType.Text);
        var consented = upsert.Parameters.Add("$consented", SqliteType.Integer);
        var issued = upsert.Parameters.Add("$issued", SqliteType.Integer);
        var refresh = upsert.Parameters.Add("$refresh", SqliteType.Text);
        var left = upsert.Parameters.Add("$left", SqliteType.Integer);
        var refreshExpires = upsert.Parameters.Add("$refreshExpires", SqliteType.Integer);
        var expires = upsert.Parameters.Add("$expires", SqliteType.Integer);
        var revoked = upsert.Parameters.Add("$revoked", SqliteType.Integer);
        upsert.Prepare();
        foreach (var g in grants)
        {
            // EF stores Guids as upper-case text; the same here, so EF reads these rows back.
            id.Value = g.Id.ToString().ToUpperInvariant();
            provider.Value = g.ProviderId.ToString().ToUpperInvariant();
            client.Value = g.ClientId;
            owner.Value = (object?)g.Owner ?? DBNull.Value;
            scope.Value = g.Scope;
            type.Value = g.GrantType;
            consented.Value = g.ConsentedOn;
            issued.Value = g.LastIssuedAt;
            refresh.Value = g.RefreshTokenId.ToString().ToUpperInvariant();
            left.Value = g.RefreshesLeft;
            refreshExpires.Value = g.RefreshExpiresAt;
            expires.Value = g.ExpiresAt;
            revoked.Value = (object?)g.RevokedAt ?? DBNull.Value;
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    protected override Task ChoresAsync(CancellationToken stoppingToken) => EveryAsync(PruneEvery, time, PruneAsync, stoppingToken);

    /// <summary>Forgets grants whose last token has expired.</summary>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var (id, grant) in _grants)
        {
            if (grant.ExpiresAt <= now)
                _grants.TryRemove(new KeyValuePair<Guid, Grant>(id, grant));
        }
        try
        {
            return await DeleteInChunksAsync(db => db.Database.ExecuteSqlAsync(
                $"DELETE FROM Grants WHERE rowid IN (SELECT rowid FROM Grants WHERE ExpiresAt <= {now} LIMIT 2000)", ct), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Could not prune expired grants; trying again later.");
            return 0;
        }
    }
}
