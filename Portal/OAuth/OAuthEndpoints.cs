using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Portal.Domain.Clients;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Domain.TokenManagement;

namespace Portal.OAuth;

/// <summary>
/// Each provider's OAuth endpoints under <c>/{provider}/oauth2/</c>: token (RFC 6749), introspect (RFC 7662), revoke
/// (RFC 7009), and its metadata (RFC 8414). They serve exactly what the portal saved, read from the engine's
/// snapshots on every request. Errors are RFC 6749 JSON errors; nothing here reads the database except a revocation,
/// which is committed before it is answered.
/// </summary>
public static class OAuthEndpoints
{
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        // Clients authenticate themselves (no cookie, so no cross-site request to forge): no antiforgery, no sign-in.
        // Requests are a few form fields: anything over 16 KB is refused before it is read (Kestrel answers 413).
        var oauth = app.MapGroup("/{provider}/oauth2").AllowAnonymous().DisableAntiforgery().AddEndpointFilter(NoStatusPages)
            .AddEndpointFilter(TlsOnly).WithMetadata(new RequestSizeLimitAttribute(16 * 1024));
        oauth.MapPost("/token", TokenAsync);
        oauth.MapPost("/introspect", IntrospectAsync);
        oauth.MapPost("/revoke", RevokeAsync);
        oauth.MapGet("/issued", IssuedAsync);
        oauth.MapDelete("/issued", RevokeIssuedAsync);
        oauth.MapMethods("/issued", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch], (HttpContext context) =>
        {
            context.Response.Headers.Allow = "GET, DELETE";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        });
        oauth.MapMethods("/{endpoint:regex(^(token|introspect|revoke)$)}", [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch],
            (HttpContext context) =>
            {
                context.Response.Headers.Allow = HttpMethods.Post;
                return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
            });
        app.MapGet("/{provider}/.well-known/oauth-authorization-server", Metadata).AllowAnonymous().AddEndpointFilter(NoStatusPages);
        app.MapGet("/.well-known/oauth-authorization-server/{provider}", Metadata).AllowAnonymous().AddEndpointFilter(NoStatusPages);
        return app;
    }

    /// <summary>
    /// RFC 6749 §3.2, RFC 7009 §2, RFC 7662 §4: these requests carry client secrets and tokens, so they are served over
    /// TLS only. Plain HTTP is refused before anything is read, except from this machine (development, a TLS proxy on
    /// the same host that does not say X-Forwarded-Proto) or with <c>OAuth:RequireHttps</c> set to false. Behind a
    /// proxy on the same host, <c>X-Forwarded-Proto: https</c> counts as TLS.
    /// </summary>
    private static ValueTask<object?> TlsOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.IsHttps || http.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
            || !http.RequestServices.GetRequiredService<IConfiguration>().GetValue("OAuth:RequireHttps", true))
            return next(context);
        NoStore(http);
        return ValueTask.FromResult<object?>(Results.Json(new ErrorJson(OAuthError.InvalidRequest, "Use HTTPS: this endpoint carries secrets and tokens."), statusCode: 400));
    }

    /// <summary>A machine endpoint's 404 or 405 is the answer itself, not the portal's "page not found" page.</summary>
    private static ValueTask<object?> NoStatusPages(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            pages.Enabled = false;
        return next(context);
    }

    private static async Task<IResult> TokenAsync(
        string provider, HttpContext context, TokenEngine engine, ClientRateLimiter limiter, ProviderNameLock nameLock)
    {
        if (engine.Provider(provider) is not { } runtime)
            return Results.NotFound();
        var (form, client, refused) = await ReadClientRequestAsync(context, engine, limiter, runtime, "client_id", "client_secret", allowed: null,
            before: f => Single(f, "grant_type") is { Length: > 0 } ? null : OAuthError.Request("grant_type is missing."));
        if (refused is not null)
            return refused;

        var scope = Single(form!, "scope");
        var inbound = Inbound(context);
        var ownerRefused = false;
        TokenResponse? response;
        OAuthError? error;
        try
        {
            (response, error) = Single(form!, "grant_type") switch
            {
                TokenEngine.GrantClientCredentials => await engine.ClientCredentialsAsync(runtime, client!, scope, inbound, context.RequestAborted),
                TokenEngine.GrantRefreshToken => await engine.RefreshAsync(runtime, client!, Single(form!, "refresh_token"), scope,
                    owner => context.RequestServices.GetRequiredService<ResourceOwnerService>().IsEnabledAsync(runtime.Id, owner, context.RequestAborted),
                    inbound, context.RequestAborted),
                TokenEngine.GrantPassword => await engine.PasswordAsync(runtime, client!, Single(form!, "username"), Single(form!, "password"), scope,
                    async (user, password) =>
                    {
                        var owner = await context.RequestServices.GetRequiredService<ResourceOwnerService>().VerifyAsync(runtime.Id, user, password, context.RequestAborted);
                        ownerRefused = owner is null;
                        return owner;
                    },
                    inbound, context.RequestAborted),
                _ => (null, new OAuthError(OAuthError.UnsupportedGrantType, "This grant type is not supported here.")),
            };
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The grant could not be stored: nothing was handed out.
            context.RequestServices.GetRequiredService<ILogger<TokenEngine>>().LogError(e, "A grant for client {ClientId} could not be stored.", client!.ClientId);
            return NotStored(context, "grant");
        }
        // A wrong user name or password counts against the address like a wrong client secret: guessing stops.
        if (ownerRefused && limiter.ForFailedAuthentication(context) is { } wait)
            return TooMany(context, wait);
        if (response is null)
            return Error(error!);
        await nameLock.TokenIssuedAsync(runtime);
        return Results.Json(new TokenJson(response.AccessToken, response.TokenType, response.ExpiresIn, response.Scope, response.ConsentedOn,
            response.RefreshToken, response.RefreshTokenExpiresIn));
    }

    private static async Task<IResult> IntrospectAsync(string provider, HttpContext context, TokenEngine engine, ClientRateLimiter limiter)
    {
        if (engine.Provider(provider) is not { IntrospectionEnabled: true } runtime)
            return Results.NotFound();
        var (form, caller, refused) = await ReadClientRequestAsync(context, engine, limiter, runtime, "client_id", "client_secret", allowed: null);
        if (refused is not null)
            return refused;
        // A public client's id is no secret: only a client that proves a secret may ask about tokens (RFC 7662 §2.1).
        if (!caller!.IsConfidential)
            return Refuse(OAuthError.Client(), limiter, context, runtime);
        if (Single(form!, "token") is not { Length: > 0 } token)
            return Error(OAuthError.Request("token is missing."));

        var answer = await engine.IntrospectAsync(runtime, token, Inbound(context), context.RequestAborted);
        return answer.Active
            ? Results.Json(new IntrospectionJson(true, answer.Scope, answer.ClientId, answer.TokenType, answer.Exp, answer.Iat, answer.Sub,
                Issuer(context, runtime), answer.Jti, answer.GrantType, answer.ConsentedOn, OneTimeUse: false, answer.Username))
            : Results.Json(new InactiveJson(false));
    }

    private static async Task<IResult> RevokeAsync(
        string provider, HttpContext context, TokenEngine engine, ClientRateLimiter limiter, ILogger<TokenEngine> logger)
    {
        // Served only while token management is on, Native, with the client path ticked (spec §4): else as if absent.
        if (engine.Provider(provider) is not { } runtime || engine.RevocationPolicy(runtime) is not { } policy)
            return Results.NotFound();
        var (form, client, refused) = policy.ClientCredentialsLocation == ClientCredentialsLocation.FormBody
            ? await ReadClientRequestAsync(context, engine, limiter, runtime, policy.ClientIdField, policy.ClientSecretField, CredentialSource.FormBody)
            : await ReadClientRequestAsync(context, engine, limiter, runtime, "client_id", "client_secret", CredentialSource.BasicHeader);
        if (refused is not null)
            return refused;
        if (Single(form!, "token") is not { Length: > 0 } token)
            return Error(OAuthError.Request("token is missing."));
        if (Single(form!, "token_type_hint") is { Length: > 0 } hint && hint is not ("access_token" or "refresh_token"))
            return Error(new OAuthError(OAuthError.UnsupportedTokenType, "token_type_hint must be access_token or refresh_token."));

        try
        {
            // An unknown, expired, revoked or other client's token changes nothing and gets the same answer (RFC 7009 §2.2).
            if (await engine.RevokeAsync(runtime, client!, token, context.RequestAborted) == RevocationOutcome.OtherClients)
            {
                // Spec §9: a silent 200, and a record of the attempt (never the token itself).
                logger.LogWarning("Client {ClientId} of provider {Provider} from {Address} tried to revoke another client's token; it was left alone.",
                    client!.ClientId, runtime.Name, context.Connection.RemoteIpAddress);
            }
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "A revocation for client {ClientId} could not be stored.", client!.ClientId);
            return NotStored(context, "revocation");
        }
        return Results.Json(new StatusJson("success"));
    }

    /// <summary>
    /// Spec §4, <c>GET issued</c>: the calling resource owner's grants with this provider. The owner signs in with HTTP
    /// Basic, the application with the X-IBM-Client-Id/Secret headers.
    /// </summary>
    private static async Task<IResult> IssuedAsync(string provider, HttpContext context, TokenEngine engine, ClientRateLimiter limiter)
    {
        var (runtime, _, owner, refused) = await ReadOwnerRequestAsync(provider, context, engine, limiter);
        if (refused is not null)
            return refused;
        var names = engine.ClientNames(runtime!);
        return Results.Json(engine.GrantsOf(runtime!, owner!).Select(g =>
            new IssuedJson(g.ClientId, names.GetValueOrDefault(g.ClientId, ""), g.Scope, g.ConsentedOn, g.RefreshesLeft)));
    }

    /// <summary>Spec §4, <c>DELETE issued?client-id=</c>: revokes every token of the owner's grants to that client.</summary>
    private static async Task<IResult> RevokeIssuedAsync(
        string provider, HttpContext context, TokenEngine engine, ClientRateLimiter limiter, ILogger<TokenEngine> logger)
    {
        var (runtime, _, owner, refused) = await ReadOwnerRequestAsync(provider, context, engine, limiter);
        if (refused is not null)
            return refused;
        if (!context.Request.Query.TryGetValue("client-id", out var values) || values is not [{ Length: > 0 } clientId])
            return Error(OAuthError.Request("Name the application with one client-id query parameter."));
        try
        {
            if (await engine.RevokeOwnerGrantsAsync(runtime!, owner!, clientId, context.RequestAborted) == 0)
                return Results.Json(new ErrorJson("invalid_request", "You have no grant with that application."), statusCode: 404);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "A resource owner's revocation for client {ClientId} could not be stored.", clientId);
            return NotStored(context, "revocation");
        }
        return Results.Json(new StatusJson("success"));
    }

    /// <summary>The request's headers, lazily: the provider's external service may be sent those its pattern names.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Inbound(HttpContext context) =>
        context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));

    /// <summary>The database refused a write the answer depends on: nothing took effect, and the client may try again shortly.</summary>
    private static IResult NotStored(HttpContext context, string what)
    {
        context.Response.Headers.RetryAfter = "5";
        return Results.Json(new ErrorJson("temporarily_unavailable", $"The {what} could not be stored; try again."), statusCode: 503);
    }

    /// <summary>
    /// The <c>issued</c> path's start: served only while token management is on, Native, with the resource-owner path
    /// ticked (else 404); the application by its X-IBM-Client-Id/Secret headers, then the owner by HTTP Basic, each
    /// failure counted against the address like any failed authentication.
    /// </summary>
    private static async Task<(ProviderRuntime? Provider, ClientSnapshot? Client, string? Owner, IResult? Refused)> ReadOwnerRequestAsync(
        string provider, HttpContext context, TokenEngine engine, ClientRateLimiter limiter)
    {
        if (engine.Provider(provider) is not { } runtime || !engine.ServesOwnerRevocation(runtime))
            return (null, null, null, Results.NotFound());
        NoStore(context);
        var headers = context.Request.Headers;
        if (!headers.TryGetValue("X-IBM-Client-Id", out var id) || id is not [{ Length: > 0 } clientId])
            return (null, null, null, Refuse(OAuthError.Client(), limiter, context, runtime));
        var secret = headers.TryGetValue("X-IBM-Client-Secret", out var s) && s is [{ } value] ? value : null;
        var (client, refused) = Authenticate(engine, limiter, context, runtime, new ClientCredentials(clientId, secret, CredentialSource.IbmHeaders));
        if (refused is not null)
            return (null, null, null, refused);

        var denied = new OAuthError("access_denied", "Sign in as the resource owner with HTTP Basic.", 401);
        if (headers.Authorization is not [{ } authorization] || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            || ParseBasic(authorization["Basic ".Length..], formEncoded: false) is not { Secret: { } password } user)
            return (null, null, null, Error(denied, context, runtime));
        var owner = await context.RequestServices.GetRequiredService<ResourceOwnerService>().VerifyAsync(runtime.Id, user.ClientId, password, context.RequestAborted);
        if (owner is null)
            return (null, null, null, Refuse(denied with { Description = "The user name or password is wrong." }, limiter, context, runtime));
        return (runtime, client, owner, null);
    }

    private static IResult Metadata(string provider, HttpContext context, TokenEngine engine)
    {
        if (engine.Provider(provider) is not { } runtime)
            return Results.NotFound();
        var issuer = Issuer(context, runtime);
        var revocation = engine.RevocationPolicy(runtime);
        var grants = new List<string>();
        if (runtime.GrantTypes.HasFlag(GrantTypes.Application))
            grants.Add(TokenEngine.GrantClientCredentials);
        if (runtime.GrantTypes.HasFlag(GrantTypes.Password))
            grants.Add(TokenEngine.GrantPassword);
        if (runtime.RefreshTokensEnabled)
            grants.Add(TokenEngine.GrantRefreshToken);
        return Results.Json(new MetadataJson(
            issuer,
            $"{issuer}/oauth2/token",
            runtime.IntrospectionEnabled ? $"{issuer}/oauth2/introspect" : null,
            revocation is null ? null : $"{issuer}/oauth2/revoke",
            grants,
            [],
            [.. runtime.Scopes.Order(StringComparer.Ordinal)],
            ["client_secret_basic", "client_secret_post"],
            runtime.IntrospectionEnabled ? ["client_secret_basic", "client_secret_post"] : null,
            RevocationAuthMethods(revocation)));
    }

    /// <summary>
    /// What every endpoint does first, in this order: no caching, a form (each parameter once), the endpoint's own
    /// check of it (<paramref name="before"/>), the client's credentials from where they may come, and the client
    /// authenticated within its rate limits.
    /// </summary>
    private static async Task<(IFormCollection? Form, ClientSnapshot? Client, IResult? Refused)> ReadClientRequestAsync(
        HttpContext context, TokenEngine engine, ClientRateLimiter limiter, ProviderRuntime provider,
        string idField, string secretField, CredentialSource? allowed, Func<IFormCollection, OAuthError?>? before = null)
    {
        NoStore(context);
        if (await ReadFormAsync(context) is not { } form)
            return (null, null, Error(OAuthError.Request("Send the request as application/x-www-form-urlencoded.")));
        if ((Repeated(form) ?? before?.Invoke(form)) is { } invalid)
            return (null, null, Error(invalid));
        var (credentials, problem) = ReadCredentials(context.Request, form, idField, secretField, allowed);
        if (problem is not null)
            return (null, null, Refuse(problem, limiter, context, provider));
        var (client, refused) = Authenticate(engine, limiter, context, provider, credentials!);
        return (form, client, refused);
    }

    /// <summary>
    /// Authenticates the client and applies the rate limits: a client over its budget, or an address with too many
    /// failed attempts, gets 429 with Retry-After. Null when the request may go on.
    /// </summary>
    private static (ClientSnapshot? Client, IResult? Refused) Authenticate(
        TokenEngine engine, ClientRateLimiter limiter, HttpContext context, ProviderRuntime provider, ClientCredentials credentials)
    {
        // An address that used up its failures is refused before any secret is checked: guessing stops, not just slows.
        if (limiter.AddressBlocked(context) is { } blocked)
            return (null, TooMany(context, blocked));
        if (engine.Authenticate(provider, credentials) is not { } client)
            return (null, Refuse(OAuthError.Client(), limiter, context, provider));
        return limiter.ForClient(client.ClientId) is { } retry ? (null, TooMany(context, retry)) : (client, null);
    }

    /// <summary>A failed client authentication, or credentials that could not be read: it counts against the address.</summary>
    private static IResult Refuse(OAuthError error, ClientRateLimiter limiter, HttpContext context, ProviderRuntime provider)
    {
        if (error.Status == 401 && limiter.ForFailedAuthentication(context) is { } wait)
            return TooMany(context, wait);
        return Error(error, context, provider);
    }

    private static IResult TooMany(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new ErrorJson("too_many_requests", "Too many requests: slow down and retry after the time given."), statusCode: 429);
    }

    /// <summary>
    /// How revocation callers authenticate, in RFC 8414 terms. Form fields under other names than client_id and
    /// client_secret have no standard name: the member is left out rather than send clients the wrong way.
    /// </summary>
    private static List<string>? RevocationAuthMethods(TokenManagementPolicy? policy) => policy switch
    {
        null => null,
        { ClientCredentialsLocation: ClientCredentialsLocation.AuthorizationHeader } => ["client_secret_basic"],
        { ClientIdField: "client_id", ClientSecretField: "client_secret" } => ["client_secret_post"],
        _ => null,
    };

    /// <summary>The provider's issuer identifier: this server's address and the provider's base path.</summary>
    /// <remarks>
    /// With <c>OAuth:IssuerBaseUri</c> set (production, behind a TLS proxy) that address is used; otherwise the
    /// request's own, which a client can choose through the Host header.
    /// </remarks>
    private static string Issuer(HttpContext context, ProviderRuntime provider)
    {
        var configured = context.RequestServices.GetRequiredService<IConfiguration>()["OAuth:IssuerBaseUri"];
        var baseUri = string.IsNullOrWhiteSpace(configured)
            ? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}"
            : configured.TrimEnd('/');
        return $"{baseUri}/{provider.Name}";
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null; // too large or malformed
        }
    }

    /// <summary>A parameter's value; <see cref="Repeated"/> has refused the request before when one was sent twice.</summary>
    private static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>RFC 6749 §3.1: request parameters must not be included more than once.</summary>
    private static OAuthError? Repeated(IFormCollection form) =>
        form.FirstOrDefault(p => p.Value.Count > 1) is { Key: { } key }
            ? OAuthError.Request($"The parameter '{(key.Length <= 40 && key.All(c => c is >= ' ' and <= '~' and not '"' and not '\\') ? key : "?")}' is repeated.")
            : null;

    /// <summary>
    /// The client's credentials from exactly one place: HTTP Basic, the form (under the configured field names) or the
    /// X-IBM-Client-Id/Secret headers (spec §1). Using two, or a client_id in the query that differs from the body's,
    /// is an invalid request. <paramref name="allowed"/> limits the places (the revocation request options, spec §8).
    /// </summary>
    private static (ClientCredentials? Credentials, OAuthError? Error) ReadCredentials(
        HttpRequest request, IFormCollection form, string idField, string secretField, CredentialSource? allowed)
    {
        var found = new List<ClientCredentials>();
        if (request.Headers.Authorization is [{ } authorization] && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (ParseBasic(authorization["Basic ".Length..]) is not { } basic)
                return (null, OAuthError.Client());
            found.Add(basic);
        }
        var formId = Single(form, idField);
        var formSecret = Single(form, secretField);
        if (formSecret is not null || (formId is not null && found.Count == 0))
            found.Add(new ClientCredentials(formId ?? "", formSecret, CredentialSource.FormBody));
        if (request.Headers.TryGetValue("X-IBM-Client-Id", out var ibmId) && ibmId is [{ } id])
        {
            var ibmSecret = request.Headers.TryGetValue("X-IBM-Client-Secret", out var s) && s is [{ } value] ? value : null;
            found.Add(new ClientCredentials(id, ibmSecret, CredentialSource.IbmHeaders));
        }

        if (found.Count > 1)
            return (null, OAuthError.Request("Send the client's credentials one way only."));
        if (found.Count == 0 || (allowed is { } only && found[0].Source != only))
            return (null, OAuthError.Client());
        var credentials = found[0];
        // A client_id in the body (beside Basic) or in the query must name the same client.
        if ((formId is not null && formId != credentials.ClientId)
            || (request.Query.TryGetValue("client_id", out var queryId) && queryId.ToString() != credentials.ClientId))
            return (null, OAuthError.Request("The client_id values of this request differ."));
        return (credentials, null);
    }

    /// <summary>
    /// HTTP Basic credentials. A client's id and secret are form-encoded before they are joined with ':' and
    /// base64-encoded (RFC 6749 §2.3.1); a user's name and password are not (RFC 7617, <paramref name="formEncoded"/> false).
    /// </summary>
    private static ClientCredentials? ParseBasic(string encoded, bool formEncoded = true)
    {
        Span<byte> bytes = stackalloc byte[512];
        if (!Convert.TryFromBase64String(encoded.Trim(), bytes, out var written))
            return null;
        var text = Encoding.UTF8.GetString(bytes[..written]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return null;
        return formEncoded
            ? new ClientCredentials(Uri.UnescapeDataString(text[..colon].Replace('+', ' ')), Uri.UnescapeDataString(text[(colon + 1)..].Replace('+', ' ')),
                CredentialSource.BasicHeader)
            : new ClientCredentials(text[..colon], text[(colon + 1)..], CredentialSource.BasicHeader);
    }

    private static IResult Error(OAuthError error, HttpContext? context = null, ProviderRuntime? provider = null, ClientCredentials? credentials = null)
    {
        // RFC 7235 §3.1: every 401 carries a challenge; HTTP Basic is the scheme a client may retry with.
        if (error.Status == 401 && context is not null)
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{provider?.Name}\"";
        return Results.Json(new ErrorJson(error.Code, error.Description), statusCode: error.Status);
    }

    private sealed record ErrorJson(
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("error_description")] string Description);

    private sealed record StatusJson([property: JsonPropertyName("status")] string Status);

    private sealed record TokenJson(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("scope")] string Scope,
        [property: JsonPropertyName("consented_on")] long ConsentedOn,
        [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken,
        [property: JsonPropertyName("refresh_token_expires_in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RefreshTokenExpiresIn);

    private sealed record IssuedJson(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_name")] string ClientName,
        [property: JsonPropertyName("scope")] string Scope,
        [property: JsonPropertyName("consented_on")] long ConsentedOn,
        [property: JsonPropertyName("refresh_tokens_remaining")] int RefreshTokensRemaining);

    private sealed record InactiveJson([property: JsonPropertyName("active")] bool Active);

    private sealed record IntrospectionJson(
        [property: JsonPropertyName("active")] bool Active,
        [property: JsonPropertyName("scope")] string? Scope,
        [property: JsonPropertyName("client_id")] string? ClientId,
        [property: JsonPropertyName("token_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType,
        [property: JsonPropertyName("exp")] long? Exp,
        [property: JsonPropertyName("iat")] long? Iat,
        [property: JsonPropertyName("sub")] string? Sub,
        [property: JsonPropertyName("iss")] string Iss,
        [property: JsonPropertyName("jti")] string? Jti,
        [property: JsonPropertyName("grant_type")] string? GrantType,
        [property: JsonPropertyName("consented_on")] long? ConsentedOn,
        [property: JsonPropertyName("one_time_use")] bool OneTimeUse,
        [property: JsonPropertyName("username"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username);

    private sealed record MetadataJson(
        [property: JsonPropertyName("issuer")] string Issuer,
        [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
        [property: JsonPropertyName("introspection_endpoint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IntrospectionEndpoint,
        [property: JsonPropertyName("revocation_endpoint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevocationEndpoint,
        [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypes,
        [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypes,
        [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> Scopes,
        [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenAuthMethods,
        [property: JsonPropertyName("introspection_endpoint_auth_methods_supported"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? IntrospectionAuthMethods,
        [property: JsonPropertyName("revocation_endpoint_auth_methods_supported"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RevocationAuthMethods);
}
