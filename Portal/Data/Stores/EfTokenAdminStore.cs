using Microsoft.EntityFrameworkCore;
using Portal.Domain.Engine;

namespace Portal.Data.Stores;

internal sealed class EfTokenAdminStore(PortalDbContext db) : ITokenAdminStore
{
    public async Task SaveAsync(IReadOnlyCollection<Guid> revokedGrants, long revokedAt, TokenCutoff? cutoff, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A grant revoked already keeps its first revocation time; the engine's writer never clears one either.
        foreach (var chunk in revokedGrants.Chunk(500))
        {
            await db.Set<Grant>().Where(g => chunk.Contains(g.Id) && g.RevokedAt == null)
                .ExecuteUpdateAsync(g => g.SetProperty(x => x.RevokedAt, revokedAt), ct);
        }
        if (cutoff is not null)
        {
            // A cut-off only moves forward.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO TokenCutoffs (ProviderId, ClientId, NotBefore) VALUES ({cutoff.ProviderId}, {cutoff.ClientId}, {cutoff.NotBefore})
                ON CONFLICT (ProviderId, ClientId) DO UPDATE SET NotBefore = MAX(NotBefore, excluded.NotBefore)
                """, ct);
        }
        await db.SaveChangesAsync(ct); // the audit record, in this transaction
        await transaction.CommitAsync(ct);
    }
}
