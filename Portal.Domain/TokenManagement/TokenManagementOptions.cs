namespace Portal.Domain.TokenManagement;

/// <summary>Token management as spec §4 defines it.</summary>
public enum TokenManagementType
{
    /// <summary>This product stores tokens and revocations itself.</summary>
    Native,

    /// <summary>A third-party token management service is asked over HTTP.</summary>
    External,
}

/// <summary>Outbound authentication to the external service (spec §4 <c>external.security</c>).</summary>
public enum ExternalSecurity
{
    None,
    BasicAuthentication,
}

/// <summary>How validation answers of the external service are cached (spec §4, §5.2).</summary>
public enum ExternalCacheType
{
    /// <summary>Every validation asks the service.</summary>
    None,

    /// <summary>"Not revoked" answers are cached for a fixed time.</summary>
    TimeToLive,

    /// <summary>The service's <c>Cache-Control</c> decides.</summary>
    Protocol,
}

/// <summary>Where the revocation endpoint reads client credentials (spec §8 <c>clientCredsLocation</c>).</summary>
public enum ClientCredentialsLocation
{
    AuthorizationHeader,
    FormBody,
}

/// <summary>Where tokens are looked up on revocation (spec §8 <c>tokenStore</c>).</summary>
public enum TokenStoreKind
{
    Database,
    InMemoryCache,
}

public static class TokenManagementLimits
{
    public const int DefaultCacheTtl = 900;
    public const int MaxCacheTtl = 86_400;
    public const int DefaultTimeoutMs = 5000;
    public const int MinTimeoutMs = 100;
    public const int MaxTimeoutMs = 60_000;
    public const int DefaultPollInterval = 60;
    public const int MinPollInterval = 10;
    public const int MaxPollInterval = 86_400;
    public const int DefaultPurgeInterval = 60;
    public const int MinPurgeInterval = 10;
    public const int MaxPurgeInterval = 86_400;
    public const int MaxEndpointLength = 2048;
    public const int MaxFieldLength = 128;
    public const int MaxPatternLength = 512;
    public const string DefaultRequestHeaderName = "Authorization";
    public const string DefaultClientIdField = "client_id";
    public const string DefaultClientSecretField = "client_secret";
    public const string DefaultMonitoringAttribute = "authentication.subject.id";
}

/// <summary>Deployment settings of the token management rules (configuration section <c>TokenManagement</c>).</summary>
public sealed class TokenManagementRules
{
    public const string Section = "TokenManagement";

    /// <summary>Allows plain <c>http</c> external endpoints: for a local test service only, never in production.</summary>
    public bool AllowInsecureExternalEndpoints { get; set; }
}
