using FluentValidation;

namespace Portal.Domain.Access;

public sealed class NewMemberInput
{
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";

    /// <summary>Roles to give at once; each must be grantable by whoever adds the member.</summary>
    public List<string> RoleIds { get; set; } = [];
}

public sealed class RoleInput
{
    /// <summary>Null for a new role.</summary>
    public string? Id { get; set; }

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public HashSet<string> Permissions { get; set; } = new(StringComparer.Ordinal);
}

public sealed class NewMemberInputValidator : AbstractValidator<NewMemberInput>
{
    public NewMemberInputValidator()
    {
        RuleFor(x => x.Email)
            .Cascade(CascadeMode.Stop)
            .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage("Enter an e-mail address.")
            .MaximumLength(256).WithMessage("Keep the e-mail address to 256 characters or fewer.")
            .EmailAddress().WithMessage("Enter a valid e-mail address, such as ada@example.com.");
        RuleFor(x => x.DisplayName)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the member's name.")
            .MaximumLength(100).WithMessage("Keep the name to 100 characters or fewer.");
    }
}

public sealed class RoleInputValidator : AbstractValidator<RoleInput>
{
    public const int NameMaxLength = 64;

    public RoleInputValidator(IAccessStore store)
    {
        RuleFor(x => x.Name)
            .Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a role name.")
            .MaximumLength(NameMaxLength).WithMessage($"Keep the role name to {NameMaxLength} characters or fewer.")
            .Must(n => !BuiltInRoles.All.Any(r => string.Equals(r.Name, n.Trim(), StringComparison.OrdinalIgnoreCase)))
            .WithMessage("'{PropertyValue}' is a built-in role: choose another name.")
            .MustAsync(async (input, name, ct) => !await store.RoleNameInUseAsync(name.Trim(), input.Id, ct))
            .WithMessage("Another role is already called '{PropertyValue}'.");
        RuleFor(x => x.Description)
            .MaximumLength(256).WithMessage("Keep the description to 256 characters or fewer.");
        RuleFor(x => x.Permissions)
            .Must(p => p.All(name => Access.Permissions.Find(name) is not null)).WithMessage("Unknown permission.");
    }
}
