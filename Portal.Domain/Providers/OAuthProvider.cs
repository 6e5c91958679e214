using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Audit;

namespace Portal.Domain.Providers;

/// <summary>A native OAuth provider: this product issues its tokens (spec §1, §3).</summary>
public sealed class OAuthProvider
{
    private OAuthProvider()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Optimistic concurrency token: a new value on every change.</summary>
    public Guid Version { get; private set; }

    public string Title { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public bool Enabled { get; private set; }
    public GatewayType GatewayType { get; private set; }
    public GrantTypes GrantTypes { get; private set; }
    public ClientTypes ClientTypes { get; private set; }
    public List<ProviderScope> Scopes { get; private set; } = [];

    public int AccessTokenTtl { get; private set; }
    public bool RefreshTokensEnabled { get; private set; }
    public int RefreshTokenCount { get; private set; }
    public int RefreshTokenTtl { get; private set; }
    public bool MaxConsentEnabled { get; private set; }
    public int MaxConsentTtl { get; private set; }

    public bool PkceEnabled { get; private set; }
    public bool PkceRequired { get; private set; }
    public bool PkceAllowPlain { get; private set; }

    public int AuthorizationCodeTtl { get; private set; }
    public bool IntrospectionEnabled { get; private set; }

    /// <summary>When the first token was issued under this provider; from then on <see cref="Name"/> is fixed.</summary>
    public DateTime? NameLockedAtUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public bool IsNameLocked => NameLockedAtUtc is not null;

    public static OAuthProvider Create(ProviderInput input, DateTime nowUtc)
    {
        var provider = new OAuthProvider { Id = Guid.NewGuid(), CreatedAtUtc = nowUtc };
        provider.Apply(input, nowUtc);
        return provider;
    }

    /// <summary>Copies validated settings onto the provider and starts a new version.</summary>
    public void Apply(ProviderInput input, DateTime nowUtc)
    {
        Title = input.Title.Trim();
        Name = input.Name;
        Description = input.Description.Trim();
        Enabled = input.Enabled;
        GatewayType = input.GatewayType;
        GrantTypes = input.GrantTypes;
        ClientTypes = input.ClientTypes;
        Scopes = [.. input.Scopes.Select(s => new ProviderScope(s.Name, s.Description.Trim()))];
        AccessTokenTtl = input.AccessTokenTtl;
        RefreshTokensEnabled = input.RefreshTokensEnabled;
        RefreshTokenCount = input.RefreshTokenCount;
        RefreshTokenTtl = input.RefreshTokenTtl;
        MaxConsentEnabled = input.MaxConsentEnabled;
        MaxConsentTtl = input.MaxConsentEnabled ? input.MaxConsentTtl : 0;
        PkceEnabled = input.PkceEnabled;
        PkceRequired = input.PkceRequired;
        PkceAllowPlain = input.PkceAllowPlain;
        AuthorizationCodeTtl = input.AuthorizationCodeTtl;
        IntrospectionEnabled = input.IntrospectionEnabled;
        UpdatedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    /// <summary>
    /// Called when the provider issues its first token: the name is referenced from then on. It is a new version too,
    /// so an editor who read the provider before (and may be renaming it) gets a conflict.
    /// </summary>
    public void LockName(DateTime nowUtc)
    {
        if (NameLockedAtUtc is not null)
            return;
        NameLockedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    public AuditSubject AuditSubject => new(AuditEntityTypes.Provider, Id.ToString(), Title);

    /// <summary>The provider's settings as the audit log keeps them: the form's fields, which a restore reads back.</summary>
    public AuditState ToAuditState() => AuditState.Of(ToInput(), [nameof(ProviderInput.Id), nameof(ProviderInput.Version)]);

    /// <summary>The settings of an audit snapshot, as a form would send them (without id and version).</summary>
    public static ProviderInput InputFromAudit(JsonObject snapshot) =>
        snapshot.Deserialize<ProviderInput>(AuditState.Json) ?? new ProviderInput();

    public ProviderInput ToInput() => new()
    {
        Id = Id,
        Version = Version,
        Title = Title,
        Name = Name,
        Description = Description,
        Enabled = Enabled,
        GatewayType = GatewayType,
        GrantTypes = GrantTypes,
        ClientTypes = ClientTypes,
        Scopes = [.. Scopes.Select(s => new ScopeInput { Name = s.Name, Description = s.Description })],
        AccessTokenTtl = AccessTokenTtl,
        RefreshTokensEnabled = RefreshTokensEnabled,
        RefreshTokenCount = RefreshTokenCount,
        RefreshTokenTtl = RefreshTokenTtl,
        MaxConsentEnabled = MaxConsentEnabled,
        MaxConsentTtl = MaxConsentTtl,
        PkceEnabled = PkceEnabled,
        PkceRequired = PkceRequired,
        PkceAllowPlain = PkceAllowPlain,
        AuthorizationCodeTtl = AuthorizationCodeTtl,
        IntrospectionEnabled = IntrospectionEnabled,
    };
}

public sealed record ProviderScope(string Name, string Description);
