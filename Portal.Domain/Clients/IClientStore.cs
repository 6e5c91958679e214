using Portal.Domain.Common;

namespace Portal.Domain.Clients;

public interface IClientStore
{
    Task<IReadOnlyList<ClientApplication>> ListAsync(Guid providerId, CancellationToken ct = default);

    Task<ClientApplication?> FindAsync(Guid id, CancellationToken ct = default);

    /// <summary>Every client of every provider, untracked: what the engine loads at start-up.</summary>
    Task<IReadOnlyList<ClientApplication>> AllAsync(CancellationToken ct = default);

    void Add(ClientApplication client);

    void Remove(ClientApplication client);

    Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default);
}
