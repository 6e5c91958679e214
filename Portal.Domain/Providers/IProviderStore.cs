using Portal.Domain.Common;

namespace Portal.Domain.Providers;

/// <summary>Persistence of providers. Implementations are thin; the rules live in <see cref="ProviderService"/>.</summary>
public interface IProviderStore
{
    Task<ProviderPage> SearchAsync(ProviderQuery query, CancellationToken ct = default);

    Task<OAuthProvider?> FindAsync(Guid id, CancellationToken ct = default);

    Task<bool> NameInUseAsync(string name, Guid? exceptId, CancellationToken ct = default);

    void Add(OAuthProvider provider);

    void Remove(OAuthProvider provider);

    /// <summary>What a provider's deletion takes with it (by cascade): its token management and its applications.</summary>
    Task<(TokenManagement.TokenManagementSettings? TokenManagement, IReadOnlyList<Clients.ClientApplication> Clients)> DependentsAsync(
        Guid id, CancellationToken ct = default);

    /// <summary>Writes the pending changes; a row changed by someone else since it was read gives <see cref="SaveOutcome.Conflict"/>.</summary>
    Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default);
}

public enum ProviderSort
{
    Title,
    Name,
    Enabled,
    UpdatedAt,
}

/// <param name="Search">Matched against title, name and description, case-insensitively.</param>
/// <param name="Page">Zero-based page index.</param>
public sealed record ProviderQuery(
    string? Search = null,
    ProviderSort SortBy = ProviderSort.Title,
    bool Descending = false,
    int Page = 0,
    int PageSize = 25)
{
    public const int MaxPageSize = 100;
}

public sealed record ProviderSummary(
    Guid Id,
    string Title,
    string Name,
    string Description,
    bool Enabled,
    GrantTypes GrantTypes,
    int AccessTokenTtl,
    DateTime UpdatedAtUtc);

public sealed record ProviderPage(IReadOnlyList<ProviderSummary> Items, int TotalCount);
