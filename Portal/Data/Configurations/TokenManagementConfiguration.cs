using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Data.Configurations;

internal sealed class TokenManagementConfiguration : IEntityTypeConfiguration<TokenManagementSettings>
{
    public void Configure(EntityTypeBuilder<TokenManagementSettings> builder)
    {
        builder.ToTable("TokenManagement");
        builder.HasKey(t => t.ProviderId);
        builder.HasOne<OAuthProvider>().WithOne().HasForeignKey<TokenManagementSettings>(t => t.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TlsClientProfile>().WithMany().HasForeignKey(t => t.TlsClientProfileId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Property(t => t.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Security).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.CacheType).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.ClientCredentialsLocation).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.TokenStore).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Endpoint).HasMaxLength(TokenManagementLimits.MaxEndpointLength);
        builder.Property(t => t.Username).HasMaxLength(TokenManagementLimits.MaxFieldLength);
        builder.Property(t => t.RequestHeaderName).HasMaxLength(TokenManagementLimits.MaxFieldLength);
        builder.Property(t => t.CustomHeaderPattern).HasMaxLength(TokenManagementLimits.MaxPatternLength);
        builder.Property(t => t.ClientIdField).HasMaxLength(TokenManagementLimits.MaxFieldLength);
        builder.Property(t => t.ClientSecretField).HasMaxLength(TokenManagementLimits.MaxFieldLength);
        builder.Property(t => t.MonitoringClientAttribute).HasMaxLength(TokenManagementLimits.MaxFieldLength);
        builder.Ignore(t => t.HasPassword);
    }
}

internal sealed class TlsClientProfileConfiguration : IEntityTypeConfiguration<TlsClientProfile>
{
    public void Configure(EntityTypeBuilder<TlsClientProfile> builder)
    {
        builder.ToTable("TlsClientProfiles");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.Name).HasMaxLength(TlsProfileInputValidator.NameMaxLength).IsRequired().UseCollation("NOCASE");
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.MinimumTlsVersion).HasConversion<string>().HasMaxLength(8);
        builder.Ignore(p => p.HasClientCertificate);
    }
}
