using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.TokenManagement;

namespace Portal.Data.Stores;

internal sealed class EfTokenManagementStore(PortalDbContext db) : ITokenManagementStore
{
    public Task<TokenManagementSettings?> FindAsync(Guid providerId, CancellationToken ct = default) =>
        db.TokenManagement.FirstOrDefaultAsync(t => t.ProviderId == providerId, ct);

    public async Task<IReadOnlyList<TokenManagementSettings>> AllAsync(CancellationToken ct = default) =>
        await db.TokenManagement.AsNoTracking().ToListAsync(ct);

    public void Add(TokenManagementSettings settings) => db.TokenManagement.Add(settings);

    public Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default) => db.SaveOutcomeAsync(ct);
}

internal sealed class EfTlsProfileStore(PortalDbContext db) : ITlsProfileStore
{
    public Task<bool> ExistsAsync(Guid id, CancellationToken ct = default) => db.TlsClientProfiles.AnyAsync(p => p.Id == id, ct);

    public async Task<IReadOnlyList<TlsClientProfile>> ListAsync(CancellationToken ct = default) =>
        await db.TlsClientProfiles.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);

    public Task<TlsClientProfile?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.TlsClientProfiles.FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<bool> NameInUseAsync(string name, Guid? exceptId, CancellationToken ct = default) =>
        db.TlsClientProfiles.AnyAsync(p => p.Name == name && p.Id != exceptId, ct);

    public async Task<IReadOnlyList<string>> UsedByAsync(Guid id, CancellationToken ct = default) =>
        await db.TokenManagement.Where(t => t.TlsClientProfileId == id)
            .Join(db.Providers, t => t.ProviderId, p => p.Id, (_, p) => p.Title)
            .OrderBy(title => title)
            .ToListAsync(ct);

    public void Add(TlsClientProfile profile) => db.TlsClientProfiles.Add(profile);

    public void Remove(TlsClientProfile profile) => db.TlsClientProfiles.Remove(profile);

    public Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default) => db.SaveOutcomeAsync(ct);
}
