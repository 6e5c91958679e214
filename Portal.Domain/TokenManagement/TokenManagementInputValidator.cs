using System.Text.RegularExpressions;
using FluentValidation;
using Portal.Domain.Providers;

namespace Portal.Domain.TokenManagement;

/// <summary>The one set of rules for a provider's token management (spec §4, §5.3, §8), used by the form and the service.</summary>
public sealed partial class TokenManagementInputValidator : AbstractValidator<TokenManagementInput>
{
    /// <summary>Headers the engine must never send on the caller's behalf (the credential header may be Authorization itself).</summary>
    private static readonly string[] ReservedHeaders = ["Cookie", "Host", "Content-Length"];

    public TokenManagementInputValidator(TokenManagementRules rules, ITlsProfileStore profiles)
    {
        // Every stored value is checked on every save, whichever type is chosen: values of the other type are kept,
        // and the engine must never meet one that was not checked. Only what is *required* depends on the type.
        var external = (TokenManagementInput x) => x.Enabled && x.Type == TokenManagementType.External;
        var apiGateway = (TokenManagementInput x) => external(x) && x.GatewayType == GatewayType.ApiGateway;

        RuleFor(x => x.Type).IsInEnum().WithMessage("Choose Native or External.");
        RuleFor(x => x.ClientRevocation)
            .Must((input, client) => client || input.ResourceOwnerRevocation)
            .When(x => x.Enabled && x.Type == TokenManagementType.Native)
            .WithMessage("Tick at least one revocation path, or turn token management off.");

        RuleFor(x => x.Endpoint)
            .NotEmpty().When(external).WithMessage("Enter the external service's endpoint URL.");
        RuleFor(x => x.Endpoint)
            .Cascade(CascadeMode.Stop)
            .MaximumLength(TokenManagementLimits.MaxEndpointLength)
            .WithMessage($"Keep the URL to {TokenManagementLimits.MaxEndpointLength} characters or fewer.")
            .Must(e => EndpointProblem(e, rules.AllowInsecureExternalEndpoints) is null)
            .WithMessage((_, e) => EndpointProblem(e, rules.AllowInsecureExternalEndpoints)!)
            .When(x => !string.IsNullOrWhiteSpace(x.Endpoint));

        RuleFor(x => x.TlsClientProfileId)
            .MustAsync(async (id, ct) => await profiles.ExistsAsync(id!.Value, ct))
            .When(x => x.TlsClientProfileId is not null)
            .WithMessage("This TLS client profile no longer exists: choose another.");

        RuleFor(x => x.PollIntervalSeconds)
            .InclusiveBetween(TokenManagementLimits.MinPollInterval, TokenManagementLimits.MaxPollInterval)
            .WithMessage($"Enter between {TokenManagementLimits.MinPollInterval} and {TokenManagementLimits.MaxPollInterval} seconds.");

        RuleFor(x => x.Security).IsInEnum().WithMessage("Choose the security of the call.");
        RuleFor(x => x.Username)
            .Must(u => !string.IsNullOrWhiteSpace(u))
            .When(x => apiGateway(x) && x.Security == ExternalSecurity.BasicAuthentication)
            .WithMessage("Enter the username for basic authentication.");
        RuleFor(x => x.Username)
            .MaximumLength(TokenManagementLimits.MaxFieldLength)
            .WithMessage($"Keep the username to {TokenManagementLimits.MaxFieldLength} characters or fewer.")
            .Must(u => !u.Contains(':')).WithMessage("A basic-authentication username cannot contain ':'.");
        RuleFor(x => x.NewPassword)
            .Must((input, password) => input.PasswordChange switch
            {
                SecretChange.Replace => !string.IsNullOrEmpty(password),
                SecretChange.Keep => input.HasPassword || !(apiGateway(input) && input.Security == ExternalSecurity.BasicAuthentication),
                _ => !(apiGateway(input) && input.Security == ExternalSecurity.BasicAuthentication),
            })
            .WithMessage((input, _) => input.PasswordChange switch
            {
                SecretChange.Clear => "Basic authentication needs a password: replace it instead of clearing it.",
                SecretChange.Replace => "Type the new password, or keep the current one.",
                _ => "Enter the password for basic authentication.",
            });

        RuleFor(x => x.RequestHeaderName)
            .NotEmpty().When(apiGateway).WithMessage("Enter a header name (Authorization by default).");
        RuleFor(x => x.RequestHeaderName)
            .Cascade(CascadeMode.Stop)
            .MaximumLength(TokenManagementLimits.MaxFieldLength)
            .WithMessage($"Keep the header name to {TokenManagementLimits.MaxFieldLength} characters or fewer.")
            .Matches(HeaderToken()).WithMessage("A header name is letters, digits and !#$%&'*+-.^_`|~ only (RFC 9110 token).")
            .Must(h => !ReservedHeaders.Contains(h, StringComparer.OrdinalIgnoreCase))
            .WithMessage("'{PropertyValue}' is set by the HTTP client itself and cannot carry the credentials.")
            .When(x => !string.IsNullOrEmpty(x.RequestHeaderName));

        RuleFor(x => x.CustomHeaderPattern)
            .Cascade(CascadeMode.Stop)
            .MaximumLength(TokenManagementLimits.MaxPatternLength)
            .WithMessage($"Keep the pattern to {TokenManagementLimits.MaxPatternLength} characters or fewer.")
            .Must(p => HeaderPattern.Problem(p) is null)
            .WithMessage((_, p) => HeaderPattern.Problem(p)!)
            .When(x => !string.IsNullOrEmpty(x.CustomHeaderPattern));

        RuleFor(x => x.CacheType).IsInEnum().WithMessage("Choose how answers are cached.");
        RuleFor(x => x.CacheTtl)
            .InclusiveBetween(1, TokenManagementLimits.MaxCacheTtl)
            .WithMessage($"Enter between 1 and {TokenManagementLimits.MaxCacheTtl} seconds (one day).");
        RuleFor(x => x.TimeoutMs)
            .InclusiveBetween(TokenManagementLimits.MinTimeoutMs, TokenManagementLimits.MaxTimeoutMs)
            .WithMessage($"Enter between {TokenManagementLimits.MinTimeoutMs} and {TokenManagementLimits.MaxTimeoutMs} ms.");

        RuleFor(x => x.ClientCredentialsLocation).IsInEnum().WithMessage("Choose where client credentials are read.");
        var formBody = (TokenManagementInput x) => x.Enabled && x.ClientCredentialsLocation == ClientCredentialsLocation.FormBody;
        RuleFor(x => x.ClientIdField)
            .Must(f => !string.IsNullOrWhiteSpace(f)).When(formBody)
            .WithMessage("Enter the form field that carries the client id.");
        RuleFor(x => x.ClientIdField)
            .MaximumLength(TokenManagementLimits.MaxFieldLength)
            .WithMessage($"Keep the field name to {TokenManagementLimits.MaxFieldLength} characters or fewer.");
        RuleFor(x => x.ClientSecretField)
            .Must(f => !string.IsNullOrWhiteSpace(f)).When(formBody)
            .WithMessage("Enter the form field that carries the client secret.");
        RuleFor(x => x.ClientSecretField)
            .MaximumLength(TokenManagementLimits.MaxFieldLength)
            .WithMessage($"Keep the field name to {TokenManagementLimits.MaxFieldLength} characters or fewer.")
            .Must((input, f) => !string.Equals(f.Trim(), input.ClientIdField.Trim(), StringComparison.Ordinal))
            .When(x => formBody(x) && !string.IsNullOrWhiteSpace(x.ClientSecretField))
            .WithMessage("The client id and client secret need two different fields.");

        RuleFor(x => x.TokenStore).IsInEnum().WithMessage("Choose a token store.");
        RuleFor(x => x.MonitoringClientAttribute)
            .Must(a => !string.IsNullOrWhiteSpace(a)).When(x => x.Enabled && x.MonitoringEnabled)
            .WithMessage("Enter the attribute that identifies the caller in the metrics.");
        RuleFor(x => x.MonitoringClientAttribute)
            .MaximumLength(TokenManagementLimits.MaxFieldLength)
            .WithMessage($"Keep the attribute to {TokenManagementLimits.MaxFieldLength} characters or fewer.");
        RuleFor(x => x.PurgeExpiredEverySeconds)
            .InclusiveBetween(TokenManagementLimits.MinPurgeInterval, TokenManagementLimits.MaxPurgeInterval)
            .WithMessage($"Enter between {TokenManagementLimits.MinPurgeInterval} and {TokenManagementLimits.MaxPurgeInterval} seconds.");
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

    // RFC 9110 §5.6.2: token = 1*tchar
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderToken();
}
