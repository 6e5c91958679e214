using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Providers;

namespace Portal.Data.Configurations;

internal sealed class OAuthProviderConfiguration : IEntityTypeConfiguration<OAuthProvider>
{
    public void Configure(EntityTypeBuilder<OAuthProvider> builder)
    {
        builder.ToTable("OAuthProviders");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Version).IsConcurrencyToken();

        builder.Property(p => p.Title).HasMaxLength(ProviderLimits.TitleMaxLength).IsRequired().UseCollation("NOCASE"); // sorts as people read
        builder.Property(p => p.Name).HasMaxLength(ProviderLimits.NameMaxLength).IsRequired();
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.Description).HasMaxLength(ProviderLimits.DescriptionMaxLength).IsRequired();
        builder.Property(p => p.GatewayType).HasConversion<string>().HasMaxLength(32);

        // A provider's scopes are always read and written with it, so they live in one JSON column.
        builder.Property(p => p.Scopes)
            .HasConversion(
                scopes => JsonSerializer.Serialize(scopes, JsonOptions),
                json => JsonSerializer.Deserialize<List<ProviderScope>>(json, JsonOptions) ?? new List<ProviderScope>(),
                new ValueComparer<List<ProviderScope>>(
                    (a, b) => a!.SequenceEqual(b!),
                    scopes => scopes.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.GetHashCode())),
                    scopes => scopes.ToList()))
            .IsRequired();

        builder.Ignore(p => p.IsNameLocked);
        builder.HasIndex(p => p.Title);
        builder.HasIndex(p => p.UpdatedAtUtc);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
