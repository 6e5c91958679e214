using FluentValidation;
using Portal.Domain.Providers;

namespace Portal.Domain.Clients;

/// <summary>What a client application may use: the provider's settings, set by the service from the stored provider.</summary>
public sealed record ClientAllowance(GrantTypes GrantTypes, ClientTypes ClientTypes, IReadOnlySet<string> Scopes)
{
    public static ClientAllowance Of(OAuthProvider provider) =>
        new(provider.GrantTypes, provider.ClientTypes, provider.Scopes.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
}

public sealed class ClientInput
{
    public Guid? Id { get; set; }
    public Guid? Version { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public ClientTypes Type { get; set; } = ClientTypes.Confidential;
    public GrantTypes GrantTypes { get; set; }
    public List<string> Scopes { get; set; } = [];
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>The provider's grant types, client types and scopes; decided by the stored provider, never by the browser.</summary>
    public ClientAllowance Allowed { get; set; } = new(GrantTypes.None, ClientTypes.None, new HashSet<string>());
}

public static class ClientLimits
{
    public const int NameMaxLength = 128;
    public const int DescriptionMaxLength = 1024;
    public const int MaxRedirectUris = 20;
    public const int RedirectUriMaxLength = 2000;

    /// <summary>The longest grace period of a rotated secret: 30 days.</summary>
    public const int MaxGraceSeconds = 30 * 24 * 3600;
}

public sealed class ClientInputValidator : AbstractValidator<ClientInput>
{
    public ClientInputValidator()
    {
        RuleFor(x => x.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a name.")
            .MaximumLength(ClientLimits.NameMaxLength).WithMessage($"Keep the name to {ClientLimits.NameMaxLength} characters or fewer.");
        RuleFor(x => x.Description)
            .NotNull().WithMessage("Send an empty description rather than none.")
            .MaximumLength(ClientLimits.DescriptionMaxLength).WithMessage($"Keep the description to {ClientLimits.DescriptionMaxLength} characters or fewer.");

        RuleFor(x => x.Type)
            .Must(t => t is ClientTypes.Confidential or ClientTypes.Public).WithMessage("Choose confidential or public.")
            .Must((x, t) => x.Allowed.ClientTypes.HasFlag(t)).WithMessage(x => $"This provider does not allow {x.Type.Describe().ToLowerInvariant()} clients.");

        RuleFor(x => x.GrantTypes)
            .Must(g => g != GrantTypes.None).WithMessage("Allow at least one grant type.")
            .Must((x, g) => (g & ~x.Allowed.GrantTypes) == 0)
            .WithMessage(x => $"This provider does not allow: {(x.GrantTypes & ~x.Allowed.GrantTypes).Describe()}.")
            .Must((x, g) => !(x.Type == ClientTypes.Public && g.HasFlag(GrantTypes.Application)))
            .WithMessage("A public client has no secret, so it cannot use the application (client credentials) grant.");

        RuleFor(x => x.Scopes)
            .Must(s => s.Any(v => !string.IsNullOrWhiteSpace(v))).WithMessage("Allow at least one scope.")
            .Must((x, s) => s.All(v => x.Allowed.Scopes.Contains(v.Trim())))
            .WithMessage(x => $"Not a scope of this provider: {string.Join(", ", x.Scopes.Where(v => !x.Allowed.Scopes.Contains(v.Trim())))}.");

        RuleFor(x => x.RedirectUris)
            .Must(u => u.Count <= ClientLimits.MaxRedirectUris).WithMessage($"Register at most {ClientLimits.MaxRedirectUris} redirect URIs.")
            .Must((x, u) => !NeedsRedirect(x.GrantTypes) || u.Any(v => !string.IsNullOrWhiteSpace(v)))
            .WithMessage("The access code and implicit grants need at least one redirect URI.");
        RuleForEach(x => x.RedirectUris)
            .Must(u => string.IsNullOrWhiteSpace(u) || RedirectUriProblem(u.Trim()) is null)
            .WithMessage((_, u) => RedirectUriProblem(u.Trim()) ?? "");
    }

    private static bool NeedsRedirect(GrantTypes grants) => (grants & (GrantTypes.AccessCode | GrantTypes.Implicit)) != 0;

    /// <summary>RFC 6749 §3.1.2 and OAuth security BCP: absolute, no fragment, https except on the loopback interface.</summary>
    public static string? RedirectUriProblem(string uri)
    {
        if (uri.Length > ClientLimits.RedirectUriMaxLength)
            return $"Keep each redirect URI to {ClientLimits.RedirectUriMaxLength} characters or fewer.";
        // On Linux "/path" parses as an absolute file URI: no file URI is a redirect URI anyway.
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc)
            return $"'{uri}' is not an absolute URI.";
        if (parsed.Fragment.Length > 0)
            return $"'{uri}' has a fragment (#...), which a redirect URI may not have.";
        if (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback))
            return null;
        return parsed.Scheme == Uri.UriSchemeHttp
            ? $"'{uri}' must use https (plain http only on localhost)."
            : null; // a private-use scheme (com.example.app:/callback) for native apps, RFC 8252 §7.1
    }
}
