using System.Text.RegularExpressions;
using FluentValidation;

namespace Portal.Domain.Providers;

/// <summary>
/// The one set of rules for a provider's settings (spec §1, §3), used by the form and by <see cref="ProviderService"/>.
/// The name-uniqueness rule asks the store, so always call <c>ValidateAsync</c>.
/// </summary>
public sealed partial class ProviderInputValidator : AbstractValidator<ProviderInput>
{
    public ProviderInputValidator(IProviderStore store)
    {
        RuleFor(x => x.Title)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Enter a title.")
            .MaximumLength(ProviderLimits.TitleMaxLength)
            .WithMessage($"Keep the title to {ProviderLimits.TitleMaxLength} characters or fewer.");

        RuleFor(x => x.Name)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter a name.")
            .MaximumLength(ProviderLimits.NameMaxLength)
            .WithMessage($"Keep the name to {ProviderLimits.NameMaxLength} characters or fewer.")
            .Matches(NamePattern())
            .WithMessage("Use lower-case letters, digits and '-' only, starting with a letter or digit (no spaces or slashes).")
            .MustAsync(async (input, name, ct) => !await store.NameInUseAsync(name, input.Id, ct))
            .WithMessage("Another provider already uses the name '{PropertyValue}'.");

        RuleFor(x => x.Description)
            .Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Send an empty description rather than none.")
            .MaximumLength(ProviderLimits.DescriptionMaxLength)
            .WithMessage($"Keep the description to {ProviderLimits.DescriptionMaxLength} characters or fewer.");

        RuleFor(x => x.GatewayType).IsInEnum().WithMessage("Choose a gateway type.");

        RuleFor(x => x.GrantTypes)
            .Must(g => g != GrantTypes.None).WithMessage("Allow at least one grant type.")
            .Must(g => (g & ~AllGrantTypes) == 0).WithMessage("Unknown grant type.");
        RuleFor(x => x.GrantTypes)
            .Must(g => !g.HasFlag(GrantTypes.JwtBearer))
            .When(x => x.GatewayType == GatewayType.V5Compatible)
            .WithMessage("The JWT bearer grant is not available with the v5 compatible gateway type.");

        RuleFor(x => x.ClientTypes)
            .Must(c => c != ClientTypes.None).WithMessage("Allow at least one client type.")
            .Must(c => (c & ~(ClientTypes.Confidential | ClientTypes.Public)) == 0).WithMessage("Unknown client type.");

        RuleFor(x => x.Scopes)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Add at least one scope.")
            .Must(s => s.Count <= ProviderLimits.MaxScopes)
            .WithMessage($"A provider can have at most {ProviderLimits.MaxScopes} scopes.");
        RuleForEach(x => x.Scopes).NotNull().WithMessage("A scope is missing.").ChildRules(scope =>
        {
            scope.RuleFor(s => s.Name)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter a scope name.")
                .MaximumLength(ProviderLimits.ScopeNameMaxLength)
                .WithMessage($"Keep a scope name to {ProviderLimits.ScopeNameMaxLength} characters or fewer.")
                .Matches(ScopeTokenPattern())
                .WithMessage("A scope name is printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3).");
            scope.RuleFor(s => s.Description)
                .Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Send an empty description rather than none.")
                .MaximumLength(ProviderLimits.ScopeDescriptionMaxLength)
                .WithMessage($"Keep a scope description to {ProviderLimits.ScopeDescriptionMaxLength} characters or fewer.");
        });
        RuleFor(x => x.Scopes).Custom((scopes, context) =>
        {
            if (scopes is null)
                return;
            // Scope tokens are case-sensitive (RFC 6749 §3.3), so "read" and "Read" are two scopes.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < scopes.Count; i++)
            {
                if (scopes[i]?.Name is { Length: > 0 } name && !seen.Add(name))
                    context.AddFailure($"Scopes[{i}].Name", $"The scope '{name}' is listed more than once.");
            }
        });

        RuleFor(x => x.AccessTokenTtl)
            .InclusiveBetween(1, ProviderLimits.MaxTokenTtl)
            .WithMessage($"Enter between 1 and {ProviderLimits.MaxTokenTtl} seconds (one year).");

        When(x => x.RefreshTokensEnabled, () =>
        {
            RuleFor(x => x.RefreshTokenCount)
                .InclusiveBetween(1, ProviderLimits.MaxRefreshTokenCount)
                .WithMessage($"Enter between 1 and {ProviderLimits.MaxRefreshTokenCount} refreshes.");
            RuleFor(x => x.RefreshTokenTtl)
                .Cascade(CascadeMode.Stop)
                .InclusiveBetween(1, ProviderLimits.MaxTokenTtl)
                .WithMessage($"Enter between 1 and {ProviderLimits.MaxTokenTtl} seconds (one year).")
                .GreaterThan(x => x.AccessTokenTtl)
                .WithMessage("A refresh token must live longer than the access token ({ComparisonValue} s).");
        });

        When(x => x.MaxConsentEnabled, () =>
        {
            RuleFor(x => x.MaxConsentTtl)
                .Cascade(CascadeMode.Stop)
                .GreaterThan(0).WithMessage("Enter how many seconds a consent lasts.")
                .GreaterThanOrEqualTo(x => x.RefreshTokensEnabled ? x.RefreshTokenTtl : x.AccessTokenTtl)
                .WithMessage(x => x.RefreshTokensEnabled
                    ? "A consent must last at least as long as a refresh token ({ComparisonValue} s)."
                    : "A consent must last at least as long as an access token ({ComparisonValue} s).");
        });

        RuleFor(x => x.PkceRequired)
            .Equal(false).When(x => !x.PkceEnabled)
            .WithMessage("Enable PKCE before requiring it.");
        RuleFor(x => x.PkceAllowPlain)
            .Equal(false).When(x => !x.PkceEnabled)
            .WithMessage("Enable PKCE before allowing the plain method.");

        RuleFor(x => x.AuthorizationCodeTtl)
            .InclusiveBetween(1, ProviderLimits.MaxAuthorizationCodeTtl)
            .WithMessage($"Enter between 1 and {ProviderLimits.MaxAuthorizationCodeTtl} seconds.");
    }

    private const GrantTypes AllGrantTypes =
        GrantTypes.Implicit | GrantTypes.Application | GrantTypes.AccessCode | GrantTypes.Password | GrantTypes.JwtBearer;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    [GeneratedRegex(@"^[\x21\x23-\x5B\x5D-\x7E]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopeTokenPattern();
}
