using Portal.Domain.Audit;
using Portal.Domain.Providers;

namespace Portal.Domain.Clients;

/// <summary>
/// An application registered with one provider: its client id, type, the grant types and scopes it may use (within the
/// provider's) and its redirect URIs. A confidential client's secret is stored only as a SHA-256 hash; after a rotation
/// with a grace period the previous secret keeps working until the grace period ends.
/// </summary>
public sealed class ClientApplication
{
    private ClientApplication()
    {
    }

    public Guid Id { get; private set; }
    public Guid ProviderId { get; private set; }
    public Guid Version { get; private set; }
    public string ClientId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public ClientTypes Type { get; private set; }
    public GrantTypes GrantTypes { get; private set; }
    public List<string> Scopes { get; private set; } = [];
    public List<string> RedirectUris { get; private set; } = [];
    public bool Enabled { get; private set; }
    public string? SecretHash { get; private set; }
    public DateTime? SecretIssuedAtUtc { get; private set; }
    public string? PreviousSecretHash { get; private set; }
    public DateTime? PreviousSecretExpiresAtUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public bool IsConfidential => Type == ClientTypes.Confidential;

    public static ClientApplication Create(Guid providerId, ClientInput input, DateTime nowUtc)
    {
        var client = new ClientApplication
        {
            Id = Guid.NewGuid(),
            ProviderId = providerId,
            ClientId = ClientSecrets.NewClientId(),
            Enabled = true,
            CreatedAtUtc = nowUtc,
        };
        client.Apply(input, nowUtc);
        return client;
    }

    public void Apply(ClientInput input, DateTime nowUtc)
    {
        Name = input.Name.Trim();
        Description = input.Description.Trim();
        Type = input.Type;
        GrantTypes = input.GrantTypes;
        Scopes = [.. input.Scopes.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
        RedirectUris = [.. input.RedirectUris.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)];
        if (!IsConfidential)
        {
            SecretHash = null;
            SecretIssuedAtUtc = null;
            PreviousSecretHash = null;
            PreviousSecretExpiresAtUtc = null;
        }
        Touch(nowUtc);
    }

    /// <summary>
    /// Gives the client a new secret (its hash). Without a grace period the old secret stops working at once; with one,
    /// it keeps working until <paramref name="previousValidUntilUtc"/>.
    /// </summary>
    public void SetSecret(string secretHash, DateTime nowUtc, DateTime? previousValidUntilUtc)
    {
        PreviousSecretHash = previousValidUntilUtc is null ? null : SecretHash;
        PreviousSecretExpiresAtUtc = PreviousSecretHash is null ? null : previousValidUntilUtc;
        SecretHash = secretHash;
        SecretIssuedAtUtc = nowUtc;
        Touch(nowUtc);
    }

    public void SetEnabled(bool enabled, DateTime nowUtc)
    {
        Enabled = enabled;
        Touch(nowUtc);
    }

    private void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    public ClientInput ToInput() => new()
    {
        Id = Id,
        Version = Version,
        Name = Name,
        Description = Description,
        Type = Type,
        GrantTypes = GrantTypes,
        Scopes = [.. Scopes],
        RedirectUris = [.. RedirectUris],
    };

    public const string SecretField = "Secret";
    public const string PreviousSecretField = "PreviousSecret";

    private static readonly IReadOnlySet<string> AuditSecrets = new HashSet<string> { SecretField, PreviousSecretField };

    public AuditSubject AuditSubject => new(AuditEntityTypes.ClientApplication, Id.ToString(), Name);

    /// <summary>The client as the audit log keeps it; its secrets (their hashes) only as "[redacted]" / "[changed]".</summary>
    public AuditState ToAuditState()
    {
        var state = AuditState.Of(ToInput(), [nameof(ClientInput.Id), nameof(ClientInput.Version), nameof(ClientInput.Allowed)], AuditSecrets);
        state.Values.Insert(0, nameof(ClientId), ClientId);
        state.Values[nameof(Enabled)] = Enabled;
        state.Values[SecretField] = SecretHash;
        state.Values[PreviousSecretField] = PreviousSecretHash;
        state.Values[nameof(PreviousSecretExpiresAtUtc)] = PreviousSecretExpiresAtUtc;
        return state;
    }
}
