using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Domain.Engine.External;

/// <summary>What the engine issued, as spec §5.1 tells the external service about it.</summary>
public abstract record ExternalNotification(string ClientId, string ResourceOwner, string Scope)
{
    /// <summary>The JSON body of the POST, with exactly the fields of §5.1 in its order.</summary>
    public abstract JsonObject ToJson();

    public string ToJsonString() => ToJson().ToJsonString();
}

/// <summary>An access token, and the refresh token issued with it if any (spec §5.1, <c>token_type</c> "bearer").</summary>
public sealed record TokensIssued(
    string ClientId, string ResourceOwner, string Scope, string AccessToken, long Generated, int ExpiresIn, string? RefreshToken = null,
    int? RefreshTokenExpiresIn = null) : ExternalNotification(ClientId, ResourceOwner, Scope)
{
    public override JsonObject ToJson()
    {
        var json = new JsonObject { ["token_type"] = "bearer", ["access_token"] = AccessToken };
        if (RefreshToken is not null)
            json["refresh_token"] = RefreshToken;
        json["scope"] = Scope;
        json["client_id"] = ClientId;
        json["resource_owner"] = ResourceOwner;
        json["generated"] = Generated;
        json["expires_in"] = ExpiresIn;
        if (RefreshToken is not null && RefreshTokenExpiresIn is { } refreshExpiresIn)
            json["refresh_token_expires_in"] = refreshExpiresIn;
        return json;
    }
}

/// <summary>
/// An authorization code (spec §5.1, <c>token_type</c> "az_code"). The authorization-code grant sends it once it
/// exists; the message and its delivery are here already.
/// </summary>
public sealed record CodeIssued(string ClientId, string ResourceOwner, string Scope, string Code) : ExternalNotification(ClientId, ResourceOwner, Scope)
{
    public override JsonObject ToJson() => new()
    {
        ["token_type"] = "az_code",
        ["code"] = Code,
        ["scope"] = Scope,
        ["client_id"] = ClientId,
        ["resource_owner"] = ResourceOwner,
    };
}

public enum ArtifactKind
{
    AccessToken,
    RefreshToken,
    AuthorizationCode,
}

/// <summary>
/// A validation check (spec §5.2): is this artifact still allowed? Sent as a GET whose request headers carry the
/// data; <paramref name="ExpiresAt"/> (Unix seconds) bounds how long any answer about it is cached.
/// </summary>
public sealed record ArtifactCheck(ArtifactKind Kind, string Artifact, string ClientId, string ResourceOwner, string Scope, long ExpiresAt)
{
    /// <summary>The request headers of §5.2, in its order (the HTTP client adds <c>accept: application/json</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers() =>
    [
        new("client-id", ClientId),
        new("resource-owner", ResourceOwner),
        new(Kind switch
        {
            ArtifactKind.AccessToken => "access-token",
            ArtifactKind.RefreshToken => "refresh-token",
            _ => "code",
        }, Artifact),
        new("scope", Scope),
    ];
}

public enum ExternalVerdict
{
    /// <summary>200 with <c>{"active": true}</c> (a notification: 200).</summary>
    Allowed,

    /// <summary>200 with <c>{"active": false}</c>.</summary>
    Revoked,

    /// <summary>Not reached, no answer in time, a status other than 200, or an answer not in the format of §5.2.</summary>
    Failed,
}

/// <summary>
/// What the service answered. <paramref name="MaxAge"/> and <paramref name="NoStore"/> are its <c>Cache-Control</c>
/// (the <c>protocol</c> cache obeys them); <paramref name="Problem"/> says in plain words why a call failed.
/// </summary>
public sealed record ExternalAnswer(ExternalVerdict Verdict, string? Problem = null, TimeSpan? MaxAge = null, bool NoStore = false)
{
    public static ExternalAnswer Allowed { get; } = new(ExternalVerdict.Allowed);

    public static ExternalAnswer Failed(string problem) => new(ExternalVerdict.Failed, problem);

    /// <summary>A notification's answer (spec §5.1): HTTP 200 only; anything else is an error.</summary>
    public static ExternalAnswer OfNotification(int status) =>
        status == 200 ? Allowed : Failed($"The service answered the notification with HTTP {status}, not 200.");

    /// <summary>
    /// A validation answer (spec §5.2): 200 with a JSON object whose <c>active</c> is true or false. Any other status,
    /// a missing body, a body that is not JSON, or one without a boolean <c>active</c>, is an error.
    /// </summary>
    public static ExternalAnswer OfValidation(int status, string? body, TimeSpan? maxAge = null, bool noStore = false)
    {
        if (status != 200)
            return Failed($"The service answered HTTP {status}, not 200.");
        if (string.IsNullOrWhiteSpace(body))
            return Failed("The service answered 200 with no body; it must send {\"active\": true} or {\"active\": false}.");
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("active", out var active)
                || active.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Failed("The service's answer has no boolean \"active\"; it must send {\"active\": true} or {\"active\": false}.");
            return new ExternalAnswer(active.GetBoolean() ? ExternalVerdict.Allowed : ExternalVerdict.Revoked, null, maxAge, noStore);
        }
        catch (JsonException)
        {
            return Failed("The service's answer is not JSON; it must send {\"active\": true} or {\"active\": false}.");
        }
    }
}

/// <summary>Where a connection test stopped (or that it got through).</summary>
public enum ProbeStage
{
    Dns,
    Tcp,
    Tls,
    Http,
    Answer,
    Passed,
}

/// <summary>The outcome of "Test connection": a real validation call with a dummy token.</summary>
public sealed record ProbeResult(ProbeStage Stage, bool Succeeded, int? Status, double LatencyMs, string Message);

/// <summary>
/// The HTTP side of External token management (spec §5): delivers notifications and validation checks to the
/// service a provider's settings name, with its TLS profile, credentials and timeout. Implemented by the web app.
/// </summary>
public interface IExternalTokenService
{
    Task<ExternalAnswer> NotifyAsync(ExternalCall call, ExternalNotification notification, CancellationToken ct = default);

    Task<ExternalAnswer> CheckAsync(ExternalCall call, ArtifactCheck check, CancellationToken ct = default);

    /// <summary>A validation call with a dummy token, bypassing the circuit breaker, that says how far it got.</summary>
    Task<ProbeResult> ProbeAsync(TokenManagement.TokenManagementPolicy policy, CancellationToken ct = default);

    /// <summary>
    /// Fetches the provider's v5 revocation list (spec §5.3): its entries, or why there are none this time (not
    /// reached, not 200, too large, not a well-formed list).
    /// </summary>
    Task<(IReadOnlyList<RevocationListEntry>? Entries, string? Problem)> FetchRevocationListAsync(
        TokenManagement.TokenManagementPolicy policy, CancellationToken ct = default);

    /// <summary>The circuit breaker of the provider's current settings: "closed", "open", "half-open", or "not used yet".</summary>
    string CircuitState(TokenManagement.TokenManagementPolicy policy);
}

/// <summary>One outbound call: the settings it is made under and the inbound request headers it may forward.</summary>
public sealed record ExternalCall(TokenManagement.TokenManagementPolicy Policy, IReadOnlyList<KeyValuePair<string, string>> ForwardedHeaders);
