using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Engine;

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
