using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.TokenManagement;

/// <summary>
/// Reads and saves a provider's token management. A save is all fields or none, and on success the new settings are
/// published at once to <see cref="TokenPolicySnapshots"/>, which the engine reads.
/// </summary>
public sealed class TokenManagementService(
    IProviderStore providers,
    ITokenManagementStore store,
    IValidator<TokenManagementInput> validator,
    ISecretProtector secrets,
    TokenPolicySnapshots snapshots,
    IAuditTrail audit,
    TimeProvider time)
{
    public const string ConflictMessage =
        "Someone else changed this token management after you opened it. Nothing was saved: reload to see their changes.";

    /// <summary>The form's model for a provider; the password itself never leaves the server, only whether one is set.</summary>
    public async Task<Result<TokenManagementInput>> GetAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<TokenManagementInput>.From(denied);
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result<TokenManagementInput>.From(Result.NotFound("This provider does not exist."));
        var settings = await store.FindAsync(providerId, ct) ?? TokenManagementSettings.Default(providerId);
        return Result<TokenManagementInput>.Ok(settings.ToInput(provider.GatewayType), "");
    }

    public Task<Result> SaveAsync(Actor actor, TokenManagementInput input, CancellationToken ct = default) =>
        SaveAsync(actor, input, AuditActions.Updated, ct);

    /// <param name="action">How the audit log names the change: an edit, or a restore of an earlier version.</param>
    public async Task<Result> SaveAsync(Actor actor, TokenManagementInput input, string action, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (await providers.FindAsync(input.ProviderId, ct) is not { } provider)
            return Result.NotFound("This provider no longer exists.");

        var settings = await store.FindAsync(input.ProviderId, ct);
        var isNew = settings is null;
        settings ??= TokenManagementSettings.Default(input.ProviderId);
        if ((input.Version ?? Guid.Empty) != settings.Version)
            return Result.Conflict(ConflictMessage);

        input.NormalizeNulls();
        // Decided by the stored provider and the stored secret, never by what the browser sent.
        input.GatewayType = provider.GatewayType;
        input.HasPassword = settings.HasPassword;
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
            return Result.Invalid(FieldError.From(check.Errors));

        var purpose = SecretPurposes.ExternalPassword(input.ProviderId);
        var before = settings.ToAuditState();
        settings.Apply(input, password => secrets.Protect(purpose, password), time.GetUtcNow().UtcDateTime);
        if (isNew)
            store.Add(settings);
        audit.Record(actor, action, TokenManagementSettings.AuditSubjectOf(provider), before, settings.ToAuditState());
        return await snapshots.WriteAsync(async () =>
        {
            if (await store.SaveChangesAsync(ct) != SaveOutcome.Saved)
                return Result.Conflict(ConflictMessage);
            snapshots.Publish(TokenManagementPolicy.From(settings));
            return Result.Ok($"Token management of '{provider.Title}' saved.");
        }, ct);
    }
}
