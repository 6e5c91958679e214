using System.Text.RegularExpressions;
using FluentValidation;
using Portal.Domain.Providers;

namespace Portal.Domain.TokenManagement;

/// <summary>The one set of rules for a provider's token management (spec §4, §5.3, §8), used by the form and the service.</summary>
public sealed partial class TokenManagementInputValidator : AbstractValidator<TokenManagementInput>
{
    /// <summary>Headers the engine must never send on the caller's behalf (the credential header may be Authorization itself).</summary>
    private static readonly string[] ReservedHeaders = ["Cookie", "Host", "Content-Length"];

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public TokenManagementInputValidator(TokenManagementRules rules, ITlsProfileStore profiles)
    {
        RuleFor(x => x.Type).IsInEnum().WithMessage("Choose Native or External.");

        When(x => x.Enabled && x.Type == TokenManagementType.Native, () =>
            RuleFor(x => x.ClientRevocation)
                .Must((input, client) => client || input.ResourceOwnerRevocation)
                .WithMessage("Tick at least one revocation path, or turn token management off."));

        When(x => x.Enabled && x.Type == TokenManagementType.External, () =>
        {
            RuleFor(x => x.Endpoint)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the external service's endpoint URL.")
                .MaximumLength(TokenManagementLimits.MaxEndpointLength)
                .WithMessage($"Keep the URL to {TokenManagementLimits.MaxEndpointLength} characters or fewer.")
                .Must(e => EndpointProblem(e, rules.AllowInsecureExternalEndpoints) is null)
                .WithMessage((_, e) => EndpointProblem(e, rules.AllowInsecureExternalEndpoints)!);

            RuleFor(x => x.TlsClientProfileId)
                .MustAsync(async (id, ct) => id is not { } profileId || await profiles.ExistsAsync(profileId, ct))
                .WithMessage("This TLS client profile no longer exists: choose another.");
        });

        When(x => x.Enabled && x.Type == TokenManagementType.External && x.GatewayType == GatewayType.V5Compatible, () =>
            RuleFor(x => x.PollIntervalSeconds)
                .InclusiveBetween(TokenManagementLimits.MinPollInterval, TokenManagementLimits.MaxPollInterval)
                .WithMessage($"Enter between {TokenManagementLimits.MinPollInterval} and {TokenManagementLimits.MaxPollInterval} seconds."));

        When(x => x.Enabled && x.Type == TokenManagementType.External && x.GatewayType == GatewayType.ApiGateway, () =>
        {
            RuleFor(x => x.Security).IsInEnum().WithMessage("Choose the security of the call.");
            When(x => x.Security == ExternalSecurity.BasicAuthentication, () =>
            {
                RuleFor(x => x.Username)
                    .Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("Enter the username for basic authentication.")
                    .MaximumLength(TokenManagementLimits.MaxFieldLength)
                    .WithMessage($"Keep the username to {TokenManagementLimits.MaxFieldLength} characters or fewer.")
                    .Must(u => !u.Contains(':')).WithMessage("A basic-authentication username cannot contain ':'.");
                RuleFor(x => x.NewPassword)
                    .Must((input, password) => input.PasswordChange switch
                    {
                        SecretChange.Replace => !string.IsNullOrEmpty(password),
                        SecretChange.Keep => input.HasPassword,
                        _ => false,
                    })
                    .WithMessage((input, _) => input.PasswordChange == SecretChange.Clear
                        ? "Basic authentication needs a password: replace it instead of clearing it."
                        : "Enter the password for basic authentication.");
            });

            RuleFor(x => x.RequestHeaderName)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter a header name (Authorization by default).")
                .MaximumLength(TokenManagementLimits.MaxFieldLength)
                .WithMessage($"Keep the header name to {TokenManagementLimits.MaxFieldLength} characters or fewer.")
                .Matches(HeaderToken()).WithMessage("A header name is letters, digits and !#$%&'*+-.^_`|~ only (RFC 9110 token).")
                .Must(h => !ReservedHeaders.Contains(h, StringComparer.OrdinalIgnoreCase))
                .WithMessage("'{PropertyValue}' is set by the HTTP client itself and cannot carry the credentials.");

            RuleFor(x => x.CustomHeaderPattern)
                .Cascade(CascadeMode.Stop)
                .MaximumLength(TokenManagementLimits.MaxPatternLength)
                .WithMessage($"Keep the pattern to {TokenManagementLimits.MaxPatternLength} characters or fewer.")
                .Must(p => PatternProblem(p) is null)
                .WithMessage((_, p) => PatternProblem(p)!)
                .When(x => !string.IsNullOrEmpty(x.CustomHeaderPattern));

            RuleFor(x => x.CacheType).IsInEnum().WithMessage("Choose how answers are cached.");
            RuleFor(x => x.CacheTtl)
                .InclusiveBetween(1, TokenManagementLimits.MaxCacheTtl)
                .When(x => x.CacheType == ExternalCacheType.TimeToLive)
                .WithMessage($"Enter between 1 and {TokenManagementLimits.MaxCacheTtl} seconds (one day).");
            RuleFor(x => x.TimeoutMs)
                .InclusiveBetween(TokenManagementLimits.MinTimeoutMs, TokenManagementLimits.MaxTimeoutMs)
                .WithMessage($"Enter between {TokenManagementLimits.MinTimeoutMs} and {TokenManagementLimits.MaxTimeoutMs} ms.");
        });

        When(x => x.Enabled, () =>
        {
            RuleFor(x => x.ClientCredentialsLocation).IsInEnum().WithMessage("Choose where client credentials are read.");
            When(x => x.ClientCredentialsLocation == ClientCredentialsLocation.FormBody, () =>
            {
                RuleFor(x => x.ClientIdField)
                    .Cascade(CascadeMode.Stop)
                    .Must(f => !string.IsNullOrWhiteSpace(f)).WithMessage("Enter the form field that carries the client id.")
                    .MaximumLength(TokenManagementLimits.MaxFieldLength)
                    .WithMessage($"Keep the field name to {TokenManagementLimits.MaxFieldLength} characters or fewer.");
                RuleFor(x => x.ClientSecretField)
                    .Cascade(CascadeMode.Stop)
                    .Must(f => !string.IsNullOrWhiteSpace(f)).WithMessage("Enter the form field that carries the client secret.")
                    .MaximumLength(TokenManagementLimits.MaxFieldLength)
                    .WithMessage($"Keep the field name to {TokenManagementLimits.MaxFieldLength} characters or fewer.")
                    .Must((input, f) => !string.Equals(f.Trim(), input.ClientIdField.Trim(), StringComparison.Ordinal))
                    .WithMessage("The client id and client secret need two different fields.");
            });
            RuleFor(x => x.TokenStore).IsInEnum().WithMessage("Choose a token store.");
            RuleFor(x => x.MonitoringClientAttribute)
                .Must(a => !string.IsNullOrWhiteSpace(a)).When(x => x.MonitoringEnabled)
                .WithMessage("Enter the attribute that identifies the caller in the metrics.")
                .MaximumLength(TokenManagementLimits.MaxFieldLength)
                .WithMessage($"Keep the attribute to {TokenManagementLimits.MaxFieldLength} characters or fewer.");
            RuleFor(x => x.PurgeExpiredEverySeconds)
                .InclusiveBetween(TokenManagementLimits.MinPurgeInterval, TokenManagementLimits.MaxPurgeInterval)
                .WithMessage($"Enter between {TokenManagementLimits.MinPurgeInterval} and {TokenManagementLimits.MaxPurgeInterval} seconds.");
        });
    }

    /// <summary>Why an endpoint URL is refused, or null when it is fine.</summary>
    public static string? EndpointProblem(string endpoint, bool allowInsecure)
    {
        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return "Enter an absolute URL, such as https://tokens.example.com/check.";
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowInsecure && uri.Scheme == Uri.UriSchemeHttp))
        {
            return allowInsecure
                ? "Use an https:// or http:// URL."
                : "Use an https:// URL: token checks carry credentials and tokens.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "Put credentials in the security settings, not in the URL.";
        if (!string.IsNullOrEmpty(uri.Fragment))
            return "Remove the #fragment: it is never sent to a server.";
        return null;
    }

    /// <summary>Why a custom header pattern is refused, or null when it is fine. The engine matches header names case-insensitively.</summary>
    public static string? PatternProblem(string pattern)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException e)
        {
            return $"Not a valid regular expression: {e.Message}";
        }

        try
        {
            foreach (var secret in new[] { "Authorization", "Cookie" })
            {
                if (regex.IsMatch(secret))
                    return $"The pattern matches {secret}: that header must never be forwarded.";
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return "The pattern is too slow to evaluate: simplify it.";
        }
        return null;
    }

    // RFC 9110 §5.6.2: token = 1*tchar
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderToken();
}
