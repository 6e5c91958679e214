namespace Portal.Domain.Engine;

/// <summary>An RFC 6749 §5.2 error, with the HTTP status it goes with.</summary>
public sealed record OAuthError(string Code, string Description, int Status = 400)
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";
    public const string UnsupportedTokenType = "unsupported_token_type";

    public static OAuthError Request(string description) => new(InvalidRequest, description);

    /// <summary>401: the client could not be authenticated. The description never says which part was wrong.</summary>
    public static OAuthError Client() => new(InvalidClient, "Client authentication failed.", 401);
}

/// <summary>How a client presented its credentials; using more than one way at once is an error (RFC 6749 §2.3).</summary>
public enum CredentialSource
{
    None,
    BasicHeader,
    FormBody,
    IbmHeaders,
}

/// <summary>A client's credentials as presented: the id, the secret (none for a public client) and where they came from.</summary>
public sealed record ClientCredentials(string ClientId, string? Secret, CredentialSource Source);
