using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Domain.Clients;
using Portal.Domain.Providers;

namespace Portal.Data.Configurations;

internal sealed class ClientApplicationConfiguration : IEntityTypeConfiguration<ClientApplication>
{
    public void Configure(EntityTypeBuilder<ClientApplication> builder)
    {
        builder.ToTable("ClientApplications");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.ClientId).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(ClientLimits.NameMaxLength).IsRequired().UseCollation("NOCASE");
        builder.Property(c => c.Description).HasMaxLength(ClientLimits.DescriptionMaxLength).IsRequired();
        builder.Property(c => c.SecretHash).HasMaxLength(64);
        builder.Property(c => c.PreviousSecretHash).HasMaxLength(64);
        builder.Property(c => c.Scopes).HasConversion(StringList(), StringListComparer()).IsRequired();
        builder.Property(c => c.RedirectUris).HasConversion(StringList(), StringListComparer()).IsRequired();
        builder.Ignore(c => c.IsConfidential);

        // A provider's applications go with it.
        builder.HasOne<OAuthProvider>().WithMany().HasForeignKey(c => c.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ProviderId, c.Name });
    }

    /// <summary>Lists read and written with their client live in one JSON column.</summary>
    private static ValueConverter<List<string>, string> StringList() => new(
        list => JsonSerializer.Serialize(list, (JsonSerializerOptions?)null),
        json => JsonSerializer.Deserialize<List<string>>(json, (JsonSerializerOptions?)null) ?? new List<string>());

    private static ValueComparer<List<string>> StringListComparer() => new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.GetHashCode(StringComparison.Ordinal))),
        list => list.ToList());
}
