using FluentValidation;
using Portal.Domain.Audit;

namespace Portal.Domain.ResourceOwners;

/// <summary>
/// A user of one provider's password grant (spec §2): the provider-local registry the engine checks resource owners
/// against. The password is kept only as a salted, slow hash.
/// </summary>
public sealed class ResourceOwner
{
    public const string PasswordField = "Password";

    private ResourceOwner()
    {
    }

    public Guid Id { get; private set; }
    public Guid ProviderId { get; private set; }
    public Guid Version { get; private set; }
    public string UserName { get; private set; } = "";

    /// <summary>The user name in upper case: what lookups compare, so "Alice" and "alice" are one user.</summary>
    public string NormalizedUserName { get; private set; } = "";

    public string PasswordHash { get; private set; } = "";
    public bool Enabled { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public static ResourceOwner Create(Guid providerId, string userName, string passwordHash, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        ProviderId = providerId,
        Version = Guid.NewGuid(),
        UserName = userName.Trim(),
        NormalizedUserName = Normalize(userName),
        PasswordHash = passwordHash,
        Enabled = true,
        CreatedAtUtc = nowUtc,
        UpdatedAtUtc = nowUtc,
    };

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    public void SetPassword(string passwordHash, DateTime nowUtc)
    {
        PasswordHash = passwordHash;
        Touch(nowUtc);
    }

    public void SetEnabled(bool enabled, DateTime nowUtc)
    {
        Enabled = enabled;
        Touch(nowUtc);
    }

    private void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    public AuditSubject AuditSubject => new(AuditEntityTypes.ResourceOwner, Id.ToString(), UserName);

    /// <summary>The user as the audit log keeps it: the password (its hash) only as "[redacted]" / "[changed]".</summary>
    public AuditState ToAuditState() => new(
        new System.Text.Json.Nodes.JsonObject
        {
            ["User name"] = UserName,
            ["Provider"] = ProviderId.ToString(),
            [nameof(Enabled)] = Enabled,
            [PasswordField] = PasswordHash,
        },
        new HashSet<string> { PasswordField });
}

/// <summary>A new resource owner: a user name and, optionally, the password (one is generated when it is left empty).</summary>
public sealed class ResourceOwnerInput
{
    public string UserName { get; set; } = "";
    public string? Password { get; set; }
}

public sealed class ResourceOwnerInputValidator : AbstractValidator<ResourceOwnerInput>
{
    public const int MaxUserNameLength = 128;
    public const int MinPasswordLength = 12;

    public ResourceOwnerInputValidator()
    {
        RuleFor(u => u.UserName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter a user name.")
            .MaximumLength(MaxUserNameLength).WithMessage($"Use at most {MaxUserNameLength} characters.")
            .Must(n => n.Trim().All(c => c > ' ' && c != ':' && !char.IsControl(c)))
            .WithMessage("Use no spaces, colons or control characters: the name travels in HTTP Basic credentials.");
        RuleFor(u => u.Password!).Must(BeLongEnough).When(u => !string.IsNullOrEmpty(u.Password))
            .WithMessage($"Use at least {MinPasswordLength} characters, or leave it empty for a generated one.");
    }

    public static bool BeLongEnough(string password) => password.Length >= MinPasswordLength;
}

/// <summary>Hashes and checks resource owners' passwords (ASP.NET Core Identity's hasher in the app).</summary>
public interface IPasswordHashing
{
    string Hash(string password);

    bool Verify(string hash, string password);
}

public interface IResourceOwnerStore
{
    Task<IReadOnlyList<ResourceOwner>> ListAsync(Guid providerId, CancellationToken ct = default);

    Task<ResourceOwner?> FindAsync(Guid id, CancellationToken ct = default);

    Task<ResourceOwner?> FindByNameAsync(Guid providerId, string normalizedUserName, CancellationToken ct = default);

    void Add(ResourceOwner owner);

    void Remove(ResourceOwner owner);

    Task<Common.SaveOutcome> SaveChangesAsync(CancellationToken ct = default);
}
