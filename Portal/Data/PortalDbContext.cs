using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Data;

/// <summary>The one place the schema lives; each entity's mapping is an <see cref="IEntityTypeConfiguration{T}"/> in Configurations/.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<ApplicationUser, ApplicationRole, string>(options), IDataProtectionKeyContext
{
    private readonly List<AuditRecord> _pendingAudit = [];

    public DbSet<OAuthProvider> Providers => Set<OAuthProvider>();

    public DbSet<TokenManagementSettings> TokenManagement => Set<TokenManagementSettings>();

    public DbSet<TlsClientProfile> TlsClientProfiles => Set<TlsClientProfile>();

    public DbSet<ClientApplication> ClientApplications => Set<ClientApplication>();

    /// <summary>Append-only: the application inserts records and never updates or deletes one.</summary>
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    /// <summary>ASP.NET Core Data Protection keys: in the database, so they survive restarts and serve every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>An unsealed record, written by the next save (the one that makes the change it describes) or not at all.</summary>
    internal void AddAuditRecord(AuditRecord record) => _pendingAudit.Add(record);

    /// <summary>Forgets records whose change was refused before it reached the database.</summary>
    internal void DiscardPendingAudit() => _pendingAudit.Clear();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        _pendingAudit.Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new InvalidOperationException("Audited changes are saved with SaveChangesAsync.");

    /// <summary>
    /// Saves the changes and their pending audit records in one transaction. The records are sealed inside it, after
    /// the chain's last record is read: SQLite begins write transactions IMMEDIATE, so no other writer can append in
    /// between. A failed save writes no record and keeps none for later.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (_pendingAudit.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var records = _pendingAudit.ToList();
        _pendingAudit.Clear();
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        List<AuditRecord> sealedRecords = [];
        try
        {
            var head = await AuditRecords.AsNoTracking().OrderByDescending(r => r.Sequence)
                .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken);
            var (sequence, hash) = head is null ? (0L, AuditChain.Genesis) : (head.Sequence, head.Hash);
            foreach (var record in records)
            {
                var sealedRecord = AuditChain.Seal(record with { Sequence = ++sequence }, hash);
                hash = sealedRecord.Hash;
                sealedRecords.Add(sealedRecord);
            }
            AuditRecords.AddRange(sealedRecords);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
                await ownTransaction.CommitAsync(cancellationToken);
            foreach (var record in sealedRecords)
                Entry(record).State = EntityState.Detached;
            return saved;
        }
        catch
        {
            foreach (var record in sealedRecords)
                Entry(record).State = EntityState.Detached;
            throw;
        }
        finally
        {
            if (ownTransaction is not null)
                await ownTransaction.DisposeAsync();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
