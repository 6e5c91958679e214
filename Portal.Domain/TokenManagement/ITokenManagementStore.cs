using Portal.Domain.Common;

namespace Portal.Domain.TokenManagement;

public interface ITokenManagementStore
{
    Task<TokenManagementSettings?> FindAsync(Guid providerId, CancellationToken ct = default);

    Task<IReadOnlyList<TokenManagementSettings>> AllAsync(CancellationToken ct = default);

    void Add(TokenManagementSettings settings);

    Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default);
}

public interface ITlsProfileStore
{
    Task<bool> ExistsAsync(Guid id, CancellationToken ct = default);

    Task<IReadOnlyList<TlsClientProfile>> ListAsync(CancellationToken ct = default);

    Task<TlsClientProfile?> FindAsync(Guid id, CancellationToken ct = default);

    Task<bool> NameInUseAsync(string name, Guid? exceptId, CancellationToken ct = default);

    /// <summary>Titles of the providers whose token management uses the profile.</summary>
    Task<IReadOnlyList<string>> UsedByAsync(Guid id, CancellationToken ct = default);

    void Add(TlsClientProfile profile);

    void Remove(TlsClientProfile profile);

    Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default);
}
