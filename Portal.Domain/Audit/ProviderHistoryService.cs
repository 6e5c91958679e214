using System.Text.Json.Nodes;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Audit;

/// <summary>A provider's configuration (settings and token management) as it was after one recorded change.</summary>
/// <remarks><see cref="PasswordChanges"/> counts the password changes up to this version: the snapshots only say "[redacted]".</remarks>
public sealed record ProviderVersion(
    long Sequence, DateTime AtUtc, string ActorEmail, string Action, string Summary, JsonObject Settings, JsonObject TokenManagement, int PasswordChanges = 0);

/// <summary>One field of two versions side by side.</summary>
public sealed record VersionField(string Section, string Field, string Label, string Left, string Right)
{
    public bool Differs => Left != Right;
}

/// <summary>A restore, before it is confirmed: what it will change, the secrets it keeps, and the versions it was computed from.</summary>
public sealed record RestorePreview(
    ProviderVersion Version, IReadOnlyList<VersionField> Changes, IReadOnlyList<string> KeptSecrets, Guid SettingsVersion, Guid TokenManagementVersion);

/// <summary>
/// A provider's history (Audit:View): its versions, compared side by side, and the restore of one (Settings:Manage),
/// which is a change like any other, recorded as "Restored". Secrets are never restored: the current ones stay.
/// </summary>
public sealed class ProviderHistoryService(
    IAuditStore audit,
    IProviderStore providers,
    ITokenManagementStore tokenManagement,
    ProviderService providerService,
    TokenManagementService tokenManagementService,
    ProviderSnapshots runtime,
    TokenPolicySnapshots policies,
    IUnitOfWork unitOfWork)
{
    public const string SettingsSection = "Settings";
    public const string TokenManagementSection = "Token management";

    private static readonly IReadOnlyList<string> EntityTypes = [AuditEntityTypes.Provider, AuditEntityTypes.TokenManagement];

    /// <summary>Every version, newest first.</summary>
    public async Task<Result<IReadOnlyList<ProviderVersion>>> VersionsAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.AuditView) is { } denied)
            return Result<IReadOnlyList<ProviderVersion>>.From(denied);
        return Result<IReadOnlyList<ProviderVersion>>.Ok(await LoadVersionsAsync(providerId, ct), "");
    }

    private async Task<IReadOnlyList<ProviderVersion>> LoadVersionsAsync(Guid providerId, CancellationToken ct)
    {
        var records = await audit.HistoryAsync(EntityTypes, providerId.ToString(), ct);
        var settings = new JsonObject();
        var tokens = Masked(TokenManagementSettings.Default(providerId).ToAuditState());
        var versions = new List<ProviderVersion>();
        var passwordChanges = 0;
        foreach (var record in records.Where(r => r.AfterJson.Length > 0))
        {
            var after = JsonNode.Parse(record.AfterJson)!.AsObject();
            if (record.EntityType == AuditEntityTypes.Provider)
            {
                settings = after;
            }
            else
            {
                tokens = after;
                if (AuditSummary.Diff(record).Any(c => c.Field == TokenManagementSettings.PasswordField))
                    passwordChanges++;
            }
            versions.Add(new ProviderVersion(record.Sequence, record.AtUtc, record.ActorEmail, record.Action, AuditSummary.Line(record),
                (JsonObject)settings.DeepClone(), (JsonObject)tokens.DeepClone(), passwordChanges));
        }
        versions.Reverse();
        return versions;
    }

    /// <summary>Both versions' fields, section by section, in the order of the newer one.</summary>
    /// <remarks>A password changed between the two shows "[changed]" on the newer side: both snapshots only say "[redacted]".</remarks>
    public static IReadOnlyList<VersionField> Compare(ProviderVersion left, ProviderVersion right) =>
        [.. Fields(SettingsSection, left.Settings, right.Settings), .. Fields(TokenManagementSection, left.TokenManagement, right.TokenManagement)
            .Select(f => f.Field == TokenManagementSettings.PasswordField && !f.Differs && left.PasswordChanges != right.PasswordChanges
                ? f with { Right = AuditDiff.Changed }
                : f)];

    private static IEnumerable<VersionField> Fields(string section, JsonObject left, JsonObject right) =>
        right.Select(p => p.Key).Concat(left.Select(p => p.Key).Where(k => !right.ContainsKey(k)))
            .Select(field => new VersionField(section, field, AuditSummary.Label(field), AuditSummary.Value(left[field]), AuditSummary.Value(right[field])));

    /// <summary>What restoring a version would change now; the confirmation dialog lists it.</summary>
    public async Task<Result<RestorePreview>> PreviewRestoreAsync(Actor actor, Guid providerId, long sequence, CancellationToken ct = default)
    {
        if (EnsureMayRestore(actor) is { } denied)
            return Result<RestorePreview>.From(denied);
        var found = await FindAsync(providerId, sequence, ct);
        if (found.Value is not { } version)
            return Result<RestorePreview>.From(found);
        var current = await CurrentAsync(providerId, ct);
        if (current is null || await providers.FindAsync(providerId, ct) is not { } provider)
            return Result<RestorePreview>.From(Result.NotFound("This provider no longer exists."));
        var tokensVersion = (await tokenManagement.FindAsync(providerId, ct))?.Version ?? Guid.Empty;

        var secrets = new[] { (TokenManagementSection, TokenManagementSettings.PasswordField) };
        var changes = Compare(current, version).Where(f => f.Differs && !secrets.Contains((f.Section, f.Field))).ToList();
        return Result<RestorePreview>.Ok(new RestorePreview(version, changes, ["the external token management password"], provider.Version, tokensVersion), "");
    }

    /// <summary>Puts a version's settings and token management back, as one change; the current password stays.</summary>
    public async Task<Result> RestoreAsync(
        Actor actor, Guid providerId, long sequence, Guid? settingsVersion = null, Guid? tokenManagementVersion = null, CancellationToken ct = default)
    {
        if (EnsureMayRestore(actor) is { } denied)
            return denied;
        var found = await FindAsync(providerId, sequence, ct);
        if (found.Value is not { } version)
            return found;

        // The engine's writers first, then the transaction: the order every other writer takes them in.
        return await runtime.WriteAsync(() => policies.WriteAsync(async () =>
        {
            var result = await unitOfWork.RunAsync(() => RestoreCoreAsync(actor, providerId, version, settingsVersion, tokenManagementVersion, ct), ct);
            if (!result.IsSuccess)
                await RepublishAsync(providerId, ct);
            return result;
        }, ct), ct);
    }

    private async Task<Result> RestoreCoreAsync(
        Actor actor, Guid providerId, ProviderVersion version, Guid? settingsVersion, Guid? tokenManagementVersion, CancellationToken ct)
    {
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result.NotFound("This provider no longer exists.");
        var storedTokens = await tokenManagement.FindAsync(providerId, ct);
        // What the confirmation listed must still be what the restore changes.
        if ((settingsVersion is { } expected && expected != provider.Version)
            || (tokenManagementVersion is { } expectedTokens && expectedTokens != (storedTokens?.Version ?? Guid.Empty)))
            return Result.Conflict("Nothing was restored: someone changed this provider after you opened the restore. Review the changes again.");

        var settings = OAuthProvider.InputFromAudit(version.Settings);
        settings.Id = providerId;
        settings.Version = provider.Version;
        var restored = await providerService.UpdateAsync(actor, settings, AuditActions.Restored, ct);
        if (!restored.IsSuccess)
            return Refused(restored, "settings");

        var tokens = TokenManagementSettings.InputFromAudit(version.TokenManagement);
        tokens.ProviderId = providerId;
        tokens.Version = storedTokens?.Version ?? Guid.Empty;
        var tokensRestored = await tokenManagementService.SaveAsync(actor, tokens, AuditActions.Restored, ct);
        if (!tokensRestored.IsSuccess)
            return Refused(tokensRestored, "token management");
        return Result.Ok($"The version of {version.AtUtc:yyyy-MM-dd HH:mm:ss} UTC is restored. The current password was kept.");
    }

    /// <summary>A step may have published before the rollback: the engine goes back to what is stored.</summary>
    private async Task RepublishAsync(Guid providerId, CancellationToken ct)
    {
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return;
        runtime.Publish(provider);
        if (await tokenManagement.FindAsync(providerId, ct) is { } stored)
            policies.Publish(TokenManagementPolicy.From(stored));
        else
            policies.Remove(providerId);
    }

    /// <summary>Restoring changes the provider (Settings:Manage) from a history only Audit:View may read.</summary>
    private static Result? EnsureMayRestore(Actor actor) => EnsureHas(actor, Permissions.SettingsManage) ?? EnsureHas(actor, Permissions.AuditView);

    /// <summary>A restore that today's rules refuse changes nothing, and says which rule.</summary>
    private static Result Refused(Result refusal, string part) => refusal with
    {
        Message = refusal.Errors.Count == 0
            ? $"Nothing was restored. {refusal.Message}"
            : $"Nothing was restored: the version's {part} break rules that apply now. "
                + string.Join(" ", refusal.Errors.Select(e => $"{AuditSummary.Label(e.Field)}: {e.Message}")),
    };

    private async Task<Result<ProviderVersion>> FindAsync(Guid providerId, long sequence, CancellationToken ct) =>
        (await LoadVersionsAsync(providerId, ct)).FirstOrDefault(v => v.Sequence == sequence) is { } version
            ? Result<ProviderVersion>.Ok(version, "")
            : Result<ProviderVersion>.From(Result.NotFound("This version is not in the provider's history."));

    private async Task<ProviderVersion?> CurrentAsync(Guid providerId, CancellationToken ct)
    {
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return null;
        var tokens = await tokenManagement.FindAsync(providerId, ct) ?? TokenManagementSettings.Default(providerId);
        return new ProviderVersion(0, provider.UpdatedAtUtc, "", "", "Current", Masked(provider.ToAuditState()), Masked(tokens.ToAuditState()));
    }

    private static JsonObject Masked(AuditState state) => AuditDiff.Mask(state.Values, state.Secrets);
}
