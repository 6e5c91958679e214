namespace Portal.Domain.Providers;

/// <summary>
/// The editable settings of a native OAuth provider, as a form binds them and a service receives them.
/// Defaults follow spec §1 and §3.
/// </summary>
public sealed class ProviderInput
{
    /// <summary>Null for a new provider.</summary>
    public Guid? Id { get; set; }

    /// <summary>The version the editor started from; a save over a newer version is refused.</summary>
    public Guid? Version { get; set; }

    public string Title { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public GatewayType GatewayType { get; set; } = GatewayType.ApiGateway;
    public GrantTypes GrantTypes { get; set; } = GrantTypes.AccessCode;
    public ClientTypes ClientTypes { get; set; } = ClientTypes.Confidential;
    public List<ScopeInput> Scopes { get; set; } = [];

    public int AccessTokenTtl { get; set; } = ProviderLimits.DefaultAccessTokenTtl;
    public bool RefreshTokensEnabled { get; set; }
    public int RefreshTokenCount { get; set; } = ProviderLimits.DefaultRefreshTokenCount;
    public int RefreshTokenTtl { get; set; } = ProviderLimits.DefaultRefreshTokenTtl;

    /// <summary>Spec §3 maxConsent: no token of a grant outlives its consent by more than <see cref="MaxConsentTtl"/> seconds, whatever the refreshes.</summary>
    public bool MaxConsentEnabled { get; set; }
    public int MaxConsentTtl { get; set; }

    public bool PkceEnabled { get; set; } = true;
    public bool PkceRequired { get; set; }
    public bool PkceAllowPlain { get; set; }

    public int AuthorizationCodeTtl { get; set; } = ProviderLimits.DefaultAuthorizationCodeTtl;
    public bool IntrospectionEnabled { get; set; }
}

public sealed class ScopeInput
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
}

public static class ProviderLimits
{
    public const int TitleMaxLength = 128;
    public const int NameMaxLength = 64;
    public const int DescriptionMaxLength = 1024;
    public const int ScopeNameMaxLength = 128;
    public const int ScopeDescriptionMaxLength = 256;
    public const int MaxScopes = 100;

    /// <summary>One year (365 days): no token lifetime may exceed it.</summary>
    public const int MaxTokenTtl = 365 * 24 * 3600;
    public const int MaxRefreshTokenCount = 4096;
    public const int MaxAuthorizationCodeTtl = 600;

    public const int DefaultAccessTokenTtl = 3600;
    public const int DefaultRefreshTokenCount = 2;
    public const int DefaultRefreshTokenTtl = 2_682_000;
    public const int DefaultAuthorizationCodeTtl = 300;
}
