namespace Portal.Domain.Providers;

/// <summary>Runtime profile of a provider (spec §1).</summary>
public enum GatewayType
{
    /// <summary>Full feature set.</summary>
    ApiGateway,

    /// <summary>Legacy profile: XML revocation format, no External type, no JWT bearer grant.</summary>
    V5Compatible,
}

/// <summary>The grant types a provider may allow (spec §1). Stored as a bit set.</summary>
[Flags]
public enum GrantTypes
{
    None = 0,
    Implicit = 1,
    Application = 2,
    AccessCode = 4,
    Password = 8,
    JwtBearer = 16,
}

[Flags]
public enum ClientTypes
{
    None = 0,
    Confidential = 1,
    Public = 2,
}

public static class ProviderOptionNames
{
    public static IReadOnlyList<GrantTypes> AllGrantTypes { get; } =
        [GrantTypes.AccessCode, GrantTypes.Application, GrantTypes.Password, GrantTypes.Implicit, GrantTypes.JwtBearer];

    public static IReadOnlyList<ClientTypes> AllClientTypes { get; } = [ClientTypes.Confidential, ClientTypes.Public];

    public static string Describe(this GrantTypes grant) => grant switch
    {
        GrantTypes.Implicit => "Implicit",
        GrantTypes.Application => "Application (client credentials)",
        GrantTypes.AccessCode => "Access code (authorization code)",
        GrantTypes.Password => "Resource owner password",
        GrantTypes.JwtBearer => "JWT bearer",
        _ => string.Join(", ", AllGrantTypes.Where(g => grant.HasFlag(g)).Select(g => g.Describe())),
    };

    /// <summary>The grant's name in a chip or a table cell.</summary>
    public static string ShortName(this GrantTypes grant) => grant switch
    {
        GrantTypes.AccessCode => "access code",
        GrantTypes.Application => "application",
        GrantTypes.Password => "password",
        GrantTypes.Implicit => "implicit",
        GrantTypes.JwtBearer => "JWT bearer",
        _ => grant.ToString(),
    };

    public static string Describe(this ClientTypes type) => type switch
    {
        ClientTypes.Confidential => "Confidential",
        ClientTypes.Public => "Public",
        _ => string.Join(", ", AllClientTypes.Where(t => type.HasFlag(t)).Select(t => t.Describe())),
    };

    public static string Describe(this GatewayType type) => type switch
    {
        GatewayType.ApiGateway => "API Gateway",
        GatewayType.V5Compatible => "v5 compatible",
        _ => type.ToString(),
    };
}
