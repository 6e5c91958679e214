namespace Portal.Domain.TokenManagement;

/// <summary>What to do with the stored external password on save: it is write-only, so the form never holds it.</summary>
public enum SecretChange
{
    Keep,
    Replace,
    Clear,
}

/// <summary>
/// The editable token management settings of one provider (spec §4, §5.3, §8), as the form binds them. Values of the
/// type that is not chosen are kept, so toggling Native/External before saving loses nothing.
/// </summary>
public sealed class TokenManagementInput
{
    public Guid ProviderId { get; set; }

    /// <summary>The provider's gateway type, set by the service from the stored provider (it decides which fields apply).</summary>
    public Providers.GatewayType GatewayType { get; set; }

    /// <summary>The version the editor started from; a save over a newer version is refused.</summary>
    public Guid? Version { get; set; }

    public bool Enabled { get; set; }
    public TokenManagementType Type { get; set; } = TokenManagementType.Native;

    // Native (spec §4)
    public bool ResourceOwnerRevocation { get; set; }
    public bool ClientRevocation { get; set; }

    // External (spec §4; v5 compatible uses the endpoint, TLS profile and poll interval, §5.3)
    public string Endpoint { get; set; } = "";
    public Guid? TlsClientProfileId { get; set; }
    public ExternalSecurity Security { get; set; } = ExternalSecurity.None;
    public string Username { get; set; } = "";

    /// <summary>Whether a password is stored now (shown as "set" / "not set").</summary>
    public bool HasPassword { get; set; }

    public SecretChange PasswordChange { get; set; } = SecretChange.Keep;

    /// <summary>Only read when <see cref="PasswordChange"/> is <see cref="SecretChange.Replace"/>; never filled from storage.</summary>
    public string NewPassword { get; set; } = "";

    public string RequestHeaderName { get; set; } = TokenManagementLimits.DefaultRequestHeaderName;
    public string CustomHeaderPattern { get; set; } = "";
    public ExternalCacheType CacheType { get; set; } = ExternalCacheType.None;
    public int CacheTtl { get; set; } = TokenManagementLimits.DefaultCacheTtl;
    public bool FailOnError { get; set; } = true;
    public int TimeoutMs { get; set; } = TokenManagementLimits.DefaultTimeoutMs;
    public int PollIntervalSeconds { get; set; } = TokenManagementLimits.DefaultPollInterval;

    // Revocation request options (spec §8)
    public ClientCredentialsLocation ClientCredentialsLocation { get; set; } = ClientCredentialsLocation.AuthorizationHeader;
    public string ClientIdField { get; set; } = TokenManagementLimits.DefaultClientIdField;
    public string ClientSecretField { get; set; } = TokenManagementLimits.DefaultClientSecretField;
    public TokenStoreKind TokenStore { get; set; } = TokenStoreKind.Database;
    public bool MonitoringEnabled { get; set; } = true;
    public string MonitoringClientAttribute { get; set; } = TokenManagementLimits.DefaultMonitoringAttribute;
    public bool MonitoringCompositeContext { get; set; }
    public int PurgeExpiredEverySeconds { get; set; } = TokenManagementLimits.DefaultPurgeInterval;

    /// <summary>Turns missing text (from a writer other than the form) into empty text, which the rules then judge.</summary>
    public void NormalizeNulls()
    {
        foreach (var property in typeof(TokenManagementInput).GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite))
            property.SetValue(this, property.GetValue(this) ?? "");
    }
}
