using Microsoft.EntityFrameworkCore;
using Portal.Domain.Clients;
using Portal.Domain.Common;

namespace Portal.Data.Stores;

internal sealed class EfClientStore(PortalDbContext db) : IClientStore
{
    public async Task<IReadOnlyList<ClientApplication>> ListAsync(Guid providerId, CancellationToken ct = default) =>
        await db.ClientApplications.AsNoTracking().Where(c => c.ProviderId == providerId).OrderBy(c => c.Name).ToListAsync(ct);

    public Task<ClientApplication?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.ClientApplications.FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<IReadOnlyList<ClientApplication>> AllAsync(CancellationToken ct = default) =>
        await db.ClientApplications.AsNoTracking().ToListAsync(ct);

    public void Add(ClientApplication client) => db.ClientApplications.Add(client);

    public void Remove(ClientApplication client) => db.ClientApplications.Remove(client);

    public Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default) => db.SaveOutcomeAsync(ct);
}
