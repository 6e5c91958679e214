using Microsoft.EntityFrameworkCore;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Data.Stores;

internal sealed class EfProviderStore(PortalDbContext db) : IProviderStore
{

    public async Task<ProviderPage> SearchAsync(ProviderQuery query, CancellationToken ct = default)
    {
        var providers = db.Providers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // SQLite's LIKE is case-insensitive for ASCII; escape the wildcards the user typed.
            var pattern = "%" + query.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            providers = providers.Where(p =>
                EF.Functions.Like(p.Title, pattern, "\\") ||
                EF.Functions.Like(p.Name, pattern, "\\") ||
                EF.Functions.Like(p.Description, pattern, "\\"));
        }

        var total = await providers.CountAsync(ct);
        var ordered = (query.SortBy, query.Descending) switch
        {
            (ProviderSort.Name, false) => providers.OrderBy(p => p.Name),
            (ProviderSort.Name, true) => providers.OrderByDescending(p => p.Name),
            (ProviderSort.Enabled, false) => providers.OrderBy(p => p.Enabled).ThenBy(p => p.Title),
            (ProviderSort.Enabled, true) => providers.OrderByDescending(p => p.Enabled).ThenBy(p => p.Title),
            (ProviderSort.UpdatedAt, false) => providers.OrderBy(p => p.UpdatedAtUtc),
            (ProviderSort.UpdatedAt, true) => providers.OrderByDescending(p => p.UpdatedAtUtc),
            (_, false) => providers.OrderBy(p => p.Title).ThenBy(p => p.Name),
            (_, true) => providers.OrderByDescending(p => p.Title).ThenBy(p => p.Name),
        };

        var items = await ordered
            .Skip(query.Page * query.PageSize)
            .Take(query.PageSize)
            .Select(p => new ProviderSummary(
                p.Id, p.Title, p.Name, p.Description, p.Enabled, p.GrantTypes, p.AccessTokenTtl, p.UpdatedAtUtc))
            .ToListAsync(ct);
        return new ProviderPage(items, total);
    }

    public Task<OAuthProvider?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Providers.FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<bool> NameInUseAsync(string name, Guid? exceptId, CancellationToken ct = default) =>
        db.Providers.AnyAsync(p => p.Name == name && p.Id != exceptId, ct);

    public void Add(OAuthProvider provider) => db.Providers.Add(provider);

    public void Remove(OAuthProvider provider) => db.Providers.Remove(provider);

    public async Task<(TokenManagementSettings? TokenManagement, IReadOnlyList<ClientApplication> Clients)> DependentsAsync(Guid id, CancellationToken ct = default) =>
        (await db.TokenManagement.AsNoTracking().FirstOrDefaultAsync(t => t.ProviderId == id, ct),
            await db.ClientApplications.AsNoTracking().Where(c => c.ProviderId == id).OrderBy(c => c.Name).ToListAsync(ct));

    public Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default) => db.SaveOutcomeAsync(ct);
}
