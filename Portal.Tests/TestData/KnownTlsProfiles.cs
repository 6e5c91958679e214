using Portal.Domain.Common;
using Portal.Domain.TokenManagement;

namespace Portal.Tests.TestData;

/// <summary>A TLS profile store that only answers whether a profile exists: all the token management validator asks.</summary>
internal sealed class KnownTlsProfiles(params Guid[] ids) : ITlsProfileStore
{
    public Task<bool> ExistsAsync(Guid id, CancellationToken ct = default) => Task.FromResult(ids.Contains(id));
    public Task<IReadOnlyList<TlsClientProfile>> ListAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<TlsClientProfile?> FindAsync(Guid id, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> NameInUseAsync(string name, Guid? exceptId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> UsedByAsync(Guid id, CancellationToken ct = default) => throw new NotSupportedException();
    public void Add(TlsClientProfile profile) => throw new NotSupportedException();
    public void Remove(TlsClientProfile profile) => throw new NotSupportedException();
    public Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default) => throw new NotSupportedException();
}
