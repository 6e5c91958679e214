using System.Text.Json.Nodes;
using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.ResourceOwners;

/// <summary>A resource owner's id and the password just set: shown once, stored only as a hash.</summary>
public sealed record IssuedPassword(Guid Id, string UserName, string Password);

/// <summary>
/// The provider-local registry of resource owners for the password grant: Settings:View reads it, Settings:Manage
/// changes it; every change is audited. <see cref="VerifyAsync"/> is the engine's check of a user's password.
/// </summary>
public sealed class ResourceOwnerService(
    IResourceOwnerStore store,
    IProviderStore providers,
    IValidator<ResourceOwnerInput> validator,
    IPasswordHashing hashing,
    IAuditTrail audit,
    IGrantStore grants,
    ITokenAdminStore tokens,
    TimeProvider time)
{
    // A hash of a random password, checked when the user is unknown: an unknown name costs the same time as a wrong password.
    private readonly Lazy<string> _decoy = new(() => hashing.Hash(Passwords.Generate()));

    public async Task<Result<IReadOnlyList<ResourceOwner>>> ListAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<IReadOnlyList<ResourceOwner>>.From(denied);
        return Result<IReadOnlyList<ResourceOwner>>.Ok(await store.ListAsync(providerId, ct), "");
    }

    public async Task<Result<IssuedPassword>> CreateAsync(Actor actor, Guid providerId, ResourceOwnerInput input, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<IssuedPassword>.From(denied);
        if (await providers.FindAsync(providerId, ct) is null)
            return Result<IssuedPassword>.From(Result.NotFound("This provider no longer exists."));
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
            return Result<IssuedPassword>.From(Result.Invalid(FieldError.From(check.Errors)));
        if (await store.FindByNameAsync(providerId, ResourceOwner.Normalize(input.UserName), ct) is not null)
            return Result<IssuedPassword>.From(Taken(input.UserName));

        var password = string.IsNullOrEmpty(input.Password) ? Passwords.Generate() : input.Password;
        var owner = ResourceOwner.Create(providerId, input.UserName, hashing.Hash(password), time.GetUtcNow().UtcDateTime);
        store.Add(owner);
        audit.Record(actor, AuditActions.Created, owner.AuditSubject, null, owner.ToAuditState());
        return await store.SaveChangesAsync(ct) switch
        {
            SaveOutcome.Saved => Result<IssuedPassword>.Ok(new IssuedPassword(owner.Id, owner.UserName, password), $"User '{owner.UserName}' added."),
            SaveOutcome.DuplicateKey => Result<IssuedPassword>.From(Taken(input.UserName)),
            _ => Result<IssuedPassword>.From(Result.Conflict("The provider changed at the same moment. Nothing was saved: try again.")),
        };
    }

    /// <summary>A new password (generated when none is given), shown once; the old one stops working at once.</summary>
    public async Task<Result<IssuedPassword>> SetPasswordAsync(Actor actor, Guid id, string? password, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<IssuedPassword>.From(denied);
        if (await store.FindAsync(id, ct) is not { } owner)
            return Result<IssuedPassword>.From(Result.NotFound("This user no longer exists."));
        if (!string.IsNullOrEmpty(password) && !ResourceOwnerInputValidator.BeLongEnough(password))
        {
            return Result<IssuedPassword>.From(Result.Invalid([new FieldError(nameof(ResourceOwnerInput.Password),
                $"Use at least {ResourceOwnerInputValidator.MinPasswordLength} characters, or leave it empty for a generated one.")]));
        }
        var value = string.IsNullOrEmpty(password) ? Passwords.Generate() : password;
        var before = owner.ToAuditState();
        owner.SetPassword(hashing.Hash(value), time.GetUtcNow().UtcDateTime);
        var saved = await SaveAsync(actor, AuditActions.PasswordChanged, owner, before, $"New password set for '{owner.UserName}'.", ct);
        if (!saved.IsSuccess)
            return Result<IssuedPassword>.From(saved);
        // A new password usually means the old one got out: what was granted with it ends too.
        var revoked = await RevokeGrantsAsync(actor, owner, "their password was changed", ct);
        return Result<IssuedPassword>.Ok(new IssuedPassword(owner.Id, owner.UserName, value), saved.Message + revoked);
    }

    public async Task<Result> SetEnabledAsync(Actor actor, Guid id, bool enabled, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (await store.FindAsync(id, ct) is not { } owner)
            return Result.NotFound("This user no longer exists.");
        var before = owner.ToAuditState();
        owner.SetEnabled(enabled, time.GetUtcNow().UtcDateTime);
        return await SaveAsync(actor, enabled ? AuditActions.Enabled : AuditActions.Disabled, owner, before,
            enabled ? $"'{owner.UserName}' can sign in again." : $"'{owner.UserName}' is disabled: the password grant and their refresh tokens are refused.", ct);
    }

    public async Task<Result> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (await store.FindAsync(id, ct) is not { } owner)
            return Result.NotFound("This user no longer exists.");
        store.Remove(owner);
        audit.Record(actor, AuditActions.Deleted, owner.AuditSubject, owner.ToAuditState(), null);
        if (await store.SaveChangesAsync(ct) != SaveOutcome.Saved)
            return Result.Conflict("Someone else changed this user while you were deleting it. Nothing was deleted.");
        // Grants name their owner: a user created later under the same name must not inherit them.
        return Result.Ok($"User '{owner.UserName}' deleted." + await RevokeGrantsAsync(actor, owner, "the user was deleted", ct));
    }

    /// <summary>
    /// Revokes the user's live grants (every access and refresh token of them), committed with an audit record before
    /// the engine enforces it; what to add to the message.
    /// </summary>
    private async Task<string> RevokeGrantsAsync(Actor actor, ResourceOwner owner, string why, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var ids = grants.OfProvider(owner.ProviderId)
            .Where(g => g.IsLive(now) && string.Equals(g.Owner, owner.UserName, StringComparison.OrdinalIgnoreCase))
            .Select(g => g.Id).ToList();
        if (ids.Count == 0)
            return "";
        var providerName = (await providers.FindAsync(owner.ProviderId, ct))?.Name ?? owner.ProviderId.ToString();
        audit.Record(actor, AuditActions.Revoked, new AuditSubject(AuditEntityTypes.Tokens, owner.ProviderId.ToString(), $"{providerName} / {owner.UserName}"),
            null, new AuditState(new JsonObject
            {
                ["What"] = $"every grant of resource owner '{owner.UserName}': {why}",
                ["Grants revoked"] = ids.Count,
            }, AuditState.NoSecrets));
        await tokens.SaveAsync(ids, now, null, ct);
        grants.Revoked(ids, now);
        return ids.Count == 1 ? " Their grant was revoked." : $" Their {ids.Count} grants were revoked.";
    }

    /// <summary>
    /// The engine's check of a resource owner: the user's name as registered when the password is right and the user
    /// enabled; null otherwise, after the same work whether or not the user exists.
    /// </summary>
    public async Task<string?> VerifyAsync(Guid providerId, string userName, string password, CancellationToken ct = default)
    {
        var owner = userName.Length is > 0 and <= ResourceOwnerInputValidator.MaxUserNameLength
            ? await store.FindByNameAsync(providerId, ResourceOwner.Normalize(userName), ct)
            : null;
        var matches = hashing.Verify(owner?.PasswordHash ?? _decoy.Value, password);
        return owner is { Enabled: true } && matches ? owner.UserName : null;
    }

    /// <summary>Whether the user still exists and is enabled: a refresh for a disabled or deleted user is refused.</summary>
    public async Task<bool> IsEnabledAsync(Guid providerId, string userName, CancellationToken ct = default) =>
        await store.FindByNameAsync(providerId, ResourceOwner.Normalize(userName), ct) is { Enabled: true };

    private async Task<Result> SaveAsync(Actor actor, string action, ResourceOwner owner, AuditState before, string message, CancellationToken ct)
    {
        audit.Record(actor, action, owner.AuditSubject, before, owner.ToAuditState());
        return await store.SaveChangesAsync(ct) == SaveOutcome.Saved
            ? Result.Ok(message)
            : Result.Conflict("Someone else changed this user at the same moment. Nothing was saved: reload and try again.");
    }

    private static Result Taken(string userName) =>
        Result.Invalid([new FieldError(nameof(ResourceOwnerInput.UserName), $"This provider already has a user '{userName.Trim()}'.")]);
}
