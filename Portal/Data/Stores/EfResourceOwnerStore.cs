using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.ResourceOwners;

namespace Portal.Data.Stores;

internal sealed class EfResourceOwnerStore(PortalDbContext db) : IResourceOwnerStore
{
    public async Task<IReadOnlyList<ResourceOwner>> ListAsync(Guid providerId, CancellationToken ct = default) =>
        await db.Set<ResourceOwner>().AsNoTracking().Where(o => o.ProviderId == providerId).OrderBy(o => o.NormalizedUserName).ToListAsync(ct);

    public Task<ResourceOwner?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Set<ResourceOwner>().FirstOrDefaultAsync(o => o.Id == id, ct);

    public Task<ResourceOwner?> FindByNameAsync(Guid providerId, string normalizedUserName, CancellationToken ct = default) =>
        db.Set<ResourceOwner>().AsNoTracking().FirstOrDefaultAsync(o => o.ProviderId == providerId && o.NormalizedUserName == normalizedUserName, ct);

    public void Add(ResourceOwner owner) => db.Set<ResourceOwner>().Add(owner);

    public void Remove(ResourceOwner owner) => db.Set<ResourceOwner>().Remove(owner);

    public Task<SaveOutcome> SaveChangesAsync(CancellationToken ct = default) => db.SaveOutcomeAsync(ct);
}

/// <summary>Resource owners' passwords with ASP.NET Core Identity's hasher (PBKDF2, salted, versioned).</summary>
internal sealed class IdentityPasswordHashing : IPasswordHashing
{
    private readonly PasswordHasher<ResourceOwner> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword(null!, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
}
