using Portal.Domain.Common;

namespace Portal.Data;

/// <summary>One transaction around the saves of this scope's stores, which share its <see cref="PortalDbContext"/>.</summary>
internal sealed class EfUnitOfWork(PortalDbContext db) : IUnitOfWork
{
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct = default) where T : Result
    {
        if (db.Database.CurrentTransaction is not null)
            return await work();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        if (result.IsSuccess)
            await transaction.CommitAsync(ct);
        else
        {
            // Rolled back on dispose: nothing of the work stays, in the database, tracked, or waiting to be audited.
            db.ChangeTracker.Clear();
            db.DiscardPendingAudit();
        }
        return result;
    }
}
