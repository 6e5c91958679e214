using Portal.Domain.Common;
using Portal.Domain.Providers;

namespace Portal.Tests.TestData;

/// <summary>A store for domain and component tests. It hands out its own objects, as a tracking DbContext does.</summary>
internal sealed class InMemoryProviderStore : IProviderStore
{
    public Task<(Portal.Domain.TokenManagement.TokenManagementSettings? TokenManagement, IReadOnlyList<Portal.Domain.Clients.ClientApplication> Clients)> DependentsAsync(
        Guid id, CancellationToken ct = default) =>
        Task.FromResult<(Portal.Domain.TokenManagement.TokenManagementSettings?, IReadOnlyList<Portal.Domain.Clients.ClientApplication>)>((null, []));

    private readonly List<OAuthProvider> _saved = [];
    private readonly List<OAuthProvider> _added = [];
    private readonly List<OAuthProvider> _removed = [];

    public int SaveCount { get; private set; }

    /// <summary>Set to make the next save fail the way a concurrent writer would make it fail.</summary>
    public SaveOutcome? NextSaveOutcome { get; set; }

    public IReadOnlyList<OAuthProvider> Saved => _saved;

    public ProviderQuery? LastQuery { get; private set; }

    public Task<ProviderPage> SearchAsync(ProviderQuery query, CancellationToken ct = default)
    {
        LastQuery = query;
        var items = _saved
            .Where(p => query.Search is null || p.Title.Contains(query.Search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Title)
            .Select(p => new ProviderSummary(p.Id, p.Title, p.Name, p.Description, p.Enabled, p.GrantTypes, p.AccessTokenTtl, p.UpdatedAtUtc))
            .ToList();
        return Task.FromResult(new ProviderPage([.. items.Skip(query.Page * query.PageSize).Take(query.PageSize)], items.Count));
    }

    public Task<OAuthProvider?> FindAsync(Guid id, CancellationToken ct = default) =>
        Task.FromResult(_saved.FirstOrDefault(p => p.Id == id));

    public Task<bool> NameInUseAsync(string name, Guid? exceptId, CancellationToken ct = default) =>
        Task.FromResult(_saved.Any(p => p.Name == name && p.Id != exceptId));

    public void Add(OAuthProvider provider) => _added.Add(provider);

    public void Remove(OAuthProvider provider) => _removed.Add(provider);

    public Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default)
    {
        if (NextSaveOutcome is { } outcome)
        {
            NextSaveOutcome = null;
            _added.Clear();
            _removed.Clear();
            return Task.FromResult(outcome);
        }

        SaveCount++;
        _saved.AddRange(_added);
        _saved.RemoveAll(_removed.Contains);
        _added.Clear();
        _removed.Clear();
        return Task.FromResult(SaveOutcome.Saved);
    }
}
