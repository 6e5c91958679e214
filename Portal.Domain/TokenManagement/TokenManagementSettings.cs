using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Audit;
using Portal.Domain.Providers;

namespace Portal.Domain.TokenManagement;

/// <summary>
/// A provider's token management (spec §4, §5.3, §8). One row per provider; the external password is stored only
/// protected (<see cref="ISecretProtector"/>), never in clear.
/// </summary>
public sealed class TokenManagementSettings
{
    private TokenManagementSettings()
    {
    }

    public Guid ProviderId { get; private set; }
    public Guid Version { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public bool Enabled { get; private set; }
    public TokenManagementType Type { get; private set; }
    public bool ResourceOwnerRevocation { get; private set; }
    public bool ClientRevocation { get; private set; }

    public string Endpoint { get; private set; } = "";
    public Guid? TlsClientProfileId { get; private set; }
    public ExternalSecurity Security { get; private set; }
    public string Username { get; private set; } = "";
    public string? ProtectedPassword { get; private set; }
    public string RequestHeaderName { get; private set; } = TokenManagementLimits.DefaultRequestHeaderName;
    public string CustomHeaderPattern { get; private set; } = "";
    public ExternalCacheType CacheType { get; private set; }
    public int CacheTtl { get; private set; }
    public bool FailOnError { get; private set; }
    public int TimeoutMs { get; private set; }
    public int PollIntervalSeconds { get; private set; }

    public ClientCredentialsLocation ClientCredentialsLocation { get; private set; }
    public string ClientIdField { get; private set; } = TokenManagementLimits.DefaultClientIdField;
    public string ClientSecretField { get; private set; } = TokenManagementLimits.DefaultClientSecretField;
    public TokenStoreKind TokenStore { get; private set; }
    public bool MonitoringEnabled { get; private set; }
    public string MonitoringClientAttribute { get; private set; } = TokenManagementLimits.DefaultMonitoringAttribute;
    public bool MonitoringCompositeContext { get; private set; }
    public int PurgeExpiredEverySeconds { get; private set; }

    public bool HasPassword => ProtectedPassword is not null;

    /// <summary>The settings a provider has before anyone saved any: token management off, spec defaults.</summary>
    public static TokenManagementSettings Default(Guid providerId)
    {
        var settings = new TokenManagementSettings { ProviderId = providerId, Version = Guid.Empty };
        settings.CopyFrom(new TokenManagementInput { ProviderId = providerId });
        return settings;
    }

    /// <summary>Copies validated settings and starts a new version. <paramref name="protectPassword"/> protects a replacement password.</summary>
    public void Apply(TokenManagementInput input, Func<string, string> protectPassword, DateTime nowUtc)
    {
        CopyFrom(input);
        ProtectedPassword = input.PasswordChange switch
        {
            SecretChange.Replace => protectPassword(input.NewPassword),
            SecretChange.Clear => null,
            _ => ProtectedPassword,
        };
        UpdatedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    private void CopyFrom(TokenManagementInput input)
    {
        Enabled = input.Enabled;
        Type = input.Type;
        ResourceOwnerRevocation = input.ResourceOwnerRevocation;
        ClientRevocation = input.ClientRevocation;
        Endpoint = input.Endpoint.Trim();
        TlsClientProfileId = input.TlsClientProfileId;
        Security = input.Security;
        Username = input.Username.Trim();
        RequestHeaderName = input.RequestHeaderName.Trim();
        CustomHeaderPattern = input.CustomHeaderPattern;
        CacheType = input.CacheType;
        CacheTtl = input.CacheTtl;
        FailOnError = input.FailOnError;
        TimeoutMs = input.TimeoutMs;
        PollIntervalSeconds = input.PollIntervalSeconds;
        ClientCredentialsLocation = input.ClientCredentialsLocation;
        ClientIdField = input.ClientIdField.Trim();
        ClientSecretField = input.ClientSecretField.Trim();
        TokenStore = input.TokenStore;
        MonitoringEnabled = input.MonitoringEnabled;
        MonitoringClientAttribute = input.MonitoringClientAttribute.Trim();
        MonitoringCompositeContext = input.MonitoringCompositeContext;
        PurgeExpiredEverySeconds = input.PurgeExpiredEverySeconds;
    }

    /// <summary>The name of the password in audit snapshots, where it only ever appears as "[redacted]" or "[changed]".</summary>
    public const string PasswordField = "Password";

    private static readonly IReadOnlySet<string> AuditSecrets = new HashSet<string> { PasswordField };

    public static AuditSubject AuditSubjectOf(OAuthProvider provider) =>
        new(AuditEntityTypes.TokenManagement, provider.Id.ToString(), provider.Title);

    /// <summary>
    /// The settings as the audit log keeps them: the form's fields, and the protected password, which the log only
    /// compares (a new value shows as "[changed]") and masks.
    /// </summary>
    public AuditState ToAuditState()
    {
        var state = AuditState.Of(ToInput(default), [
            nameof(TokenManagementInput.ProviderId), nameof(TokenManagementInput.GatewayType), nameof(TokenManagementInput.Version),
            nameof(TokenManagementInput.HasPassword), nameof(TokenManagementInput.PasswordChange), nameof(TokenManagementInput.NewPassword),
        ], AuditSecrets);
        var values = state.Values;
        values.Insert(values.IndexOf(nameof(TokenManagementInput.Username)) + 1, PasswordField, ProtectedPassword);
        return state;
    }

    /// <summary>The settings of an audit snapshot as a form would send them; the password is never in it, so it is kept.</summary>
    public static TokenManagementInput InputFromAudit(JsonObject snapshot)
    {
        var input = snapshot.Deserialize<TokenManagementInput>(AuditState.Json) ?? new TokenManagementInput();
        input.PasswordChange = SecretChange.Keep;
        input.NewPassword = "";
        return input;
    }

    /// <summary>The form's model: every value but the password, of which only "set" or "not set" leaves the server.</summary>
    public TokenManagementInput ToInput(GatewayType gatewayType) => new()
    {
        ProviderId = ProviderId,
        GatewayType = gatewayType,
        Version = Version,
        Enabled = Enabled,
        Type = Type,
        ResourceOwnerRevocation = ResourceOwnerRevocation,
        ClientRevocation = ClientRevocation,
        Endpoint = Endpoint,
        TlsClientProfileId = TlsClientProfileId,
        Security = Security,
        Username = Username,
        HasPassword = HasPassword,
        RequestHeaderName = RequestHeaderName,
        CustomHeaderPattern = CustomHeaderPattern,
        CacheType = CacheType,
        CacheTtl = CacheTtl,
        FailOnError = FailOnError,
        TimeoutMs = TimeoutMs,
        PollIntervalSeconds = PollIntervalSeconds,
        ClientCredentialsLocation = ClientCredentialsLocation,
        ClientIdField = ClientIdField,
        ClientSecretField = ClientSecretField,
        TokenStore = TokenStore,
        MonitoringEnabled = MonitoringEnabled,
        MonitoringClientAttribute = MonitoringClientAttribute,
        MonitoringCompositeContext = MonitoringCompositeContext,
        PurgeExpiredEverySeconds = PurgeExpiredEverySeconds,
    };
}
