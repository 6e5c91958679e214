using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Data;

/// <summary>The one place the schema lives; each entity's mapping is an <see cref="IEntityTypeConfiguration{T}"/> in Configurations/.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<ApplicationUser, ApplicationRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<OAuthProvider> Providers => Set<OAuthProvider>();

    public DbSet<TokenManagementSettings> TokenManagement => Set<TokenManagementSettings>();

    public DbSet<TlsClientProfile> TlsClientProfiles => Set<TlsClientProfile>();

    /// <summary>ASP.NET Core Data Protection keys: in the database, so they survive restarts and serve every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
