using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;

namespace Portal.Data.Configurations;

/// <summary>A key that signs the engine's tokens, stored protected with Data Protection.</summary>
public sealed class TokenSigningKey
{
    public int Id { get; set; }
    public string ProtectedSecret { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class TokenSigningKeyConfiguration : IEntityTypeConfiguration<TokenSigningKey>
{
    public void Configure(EntityTypeBuilder<TokenSigningKey> builder)
    {
        builder.ToTable("TokenSigningKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
    }
}

internal sealed class RevocationConfiguration : IEntityTypeConfiguration<Revocation>
{
    public void Configure(EntityTypeBuilder<Revocation> builder)
    {
        builder.ToTable("RevokedTokens");
        builder.HasKey(r => r.TokenId);
        builder.Property(r => r.ClientId).HasMaxLength(64);
        // Expiry and revocation times are Unix seconds: what the tokens carry, and what pruning compares.
        builder.HasIndex(r => r.ExpiresAt);
        builder.HasIndex(r => new { r.ProviderId, r.ClientId });
    }
}

internal sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> builder)
    {
        builder.ToTable("Grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.ClientId).HasMaxLength(64);
        builder.Property(g => g.Owner).HasMaxLength(128);
        builder.Property(g => g.GrantType).HasMaxLength(32);
        // Times are Unix seconds, as the tokens carry them. The store writes this table itself (DurableGrantStore).
        builder.HasIndex(g => g.ExpiresAt);
        builder.HasIndex(g => new { g.ProviderId, g.ClientId });
    }
}

internal sealed class TokenCutoffConfiguration : IEntityTypeConfiguration<TokenCutoff>
{
    public void Configure(EntityTypeBuilder<TokenCutoff> builder)
    {
        builder.ToTable("TokenCutoffs");
        builder.HasKey(c => new { c.ProviderId, c.ClientId });
        builder.Property(c => c.ClientId).HasMaxLength(64);
    }
}

internal sealed class ResourceOwnerConfiguration : IEntityTypeConfiguration<ResourceOwner>
{
    public void Configure(EntityTypeBuilder<ResourceOwner> builder)
    {
        builder.ToTable("ResourceOwners");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Property(o => o.UserName).HasMaxLength(ResourceOwnerInputValidator.MaxUserNameLength);
        builder.Property(o => o.NormalizedUserName).HasMaxLength(ResourceOwnerInputValidator.MaxUserNameLength);
        builder.HasIndex(o => new { o.ProviderId, o.NormalizedUserName }).IsUnique();
        builder.HasOne<OAuthProvider>().WithMany().HasForeignKey(o => o.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}
