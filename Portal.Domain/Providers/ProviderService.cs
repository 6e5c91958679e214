using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.TokenManagement;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Providers;

/// <summary>Creates, changes and deletes OAuth providers. Every writer goes through here, so every writer gets the same rules.</summary>
public sealed class ProviderService(
    IProviderStore store,
    IValidator<ProviderInput> validator,
    TokenPolicySnapshots snapshots,
    ClientRegistry clients,
    ProviderSnapshots runtime,
    IAuditTrail audit,
    TimeProvider time)
{
    public const string ConflictMessage =
        "Someone else changed this provider after you opened it. Nothing was saved: reload to see their changes, then make yours again.";

    public async Task<Result<ProviderPage>> SearchAsync(Actor actor, ProviderQuery query, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<ProviderPage>.From(denied);
        var page = await store.SearchAsync(query with
        {
            Page = Math.Max(0, query.Page),
            PageSize = Math.Clamp(query.PageSize, 1, ProviderQuery.MaxPageSize),
        }, ct);
        return Result<ProviderPage>.Ok(page, "");
    }

    public async Task<Result<OAuthProvider>> FindAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<OAuthProvider>.From(denied);
        return await store.FindAsync(id, ct) is { } provider
            ? Result<OAuthProvider>.Ok(provider, "")
            : Result<OAuthProvider>.From(Result.NotFound("This provider does not exist."));
    }

    public async Task<Result<Guid>> CreateAsync(Actor actor, ProviderInput input, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<Guid>.From(denied);
        input.Id = null;
        var invalid = await ValidateAsync(input, ct);
        if (invalid is not null)
            return Result<Guid>.From(invalid);

        var provider = OAuthProvider.Create(input, time.GetUtcNow().UtcDateTime);
        store.Add(provider);
        audit.Record(actor, AuditActions.Created, provider.AuditSubject, null, provider.ToAuditState());
        return await SaveAndPublishAsync(provider, ct) switch
        {
            SaveOutcome.Saved => Result<Guid>.Ok(provider.Id, $"Provider '{provider.Title}' created."),
            _ => Result<Guid>.From(NameTaken(input.Name)),
        };
    }

    public Task<Result> UpdateAsync(Actor actor, ProviderInput input, CancellationToken ct = default) =>
        UpdateAsync(actor, input, AuditActions.Updated, ct);

    /// <param name="action">How the audit log names the change: an edit, or a restore of an earlier version.</param>
    public async Task<Result> UpdateAsync(Actor actor, ProviderInput input, string action, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (input.Id is not { } id)
            return Result.NotFound("Choose a provider to update.");
        var provider = await store.FindAsync(id, ct);
        if (provider is null)
            return Result.NotFound("This provider no longer exists: someone deleted it.");
        if (input.Version != provider.Version)
            return Result.Conflict(ConflictMessage);
        if (provider.IsNameLocked && input.Name != provider.Name)
        {
            return Result.Invalid([new FieldError(nameof(ProviderInput.Name),
                $"The name cannot change: tokens have been issued under '{provider.Name}'.")]);
        }

        var invalid = await ValidateAsync(input, ct);
        if (invalid is not null)
            return invalid;

        var before = provider.ToAuditState();
        provider.Apply(input, time.GetUtcNow().UtcDateTime);
        audit.Record(actor, action, provider.AuditSubject, before, provider.ToAuditState());
        return await SaveAndPublishAsync(provider, ct) switch
        {
            SaveOutcome.Saved => Result.Ok($"Provider '{provider.Title}' saved."),
            SaveOutcome.Conflict => Result.Conflict(ConflictMessage),
            _ => NameTaken(input.Name),
        };
    }

    public async Task<Result> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        var provider = await store.FindAsync(id, ct);
        if (provider is null)
            return Result.NotFound("This provider no longer exists.");
        // What goes with it by cascade is recorded too: its token management and its applications (credentials).
        var (tokenManagement, applications) = await store.DependentsAsync(id, ct);
        store.Remove(provider);
        audit.Record(actor, AuditActions.Deleted, provider.AuditSubject, provider.ToAuditState(), null);
        if (tokenManagement is not null)
            audit.Record(actor, AuditActions.Deleted, TokenManagementSettings.AuditSubjectOf(provider), tokenManagement.ToAuditState(), null);
        foreach (var application in applications)
            audit.Record(actor, AuditActions.Deleted, application.AuditSubject, application.ToAuditState(), null);
        var outcome = await runtime.WriteAsync(() => snapshots.WriteAsync(async () =>
        {
            var saved = await store.SaveChangesAsync(ct);
            if (saved == SaveOutcome.Saved)
            {
                // Its endpoints stop at once; its token management and applications go with it (the rows by cascade).
                runtime.Remove(id);
                snapshots.Remove(id);
                clients.RemoveProvider(id);
            }
            return saved;
        }, ct), ct);
        return outcome switch
        {
            SaveOutcome.Saved => Result.Ok($"Provider '{provider.Title}' deleted."),
            _ => Result.Conflict("Someone else changed this provider while you were deleting it. Nothing was deleted."),
        };
    }

    /// <summary>Saves, and on success publishes the provider to the engine, as one step among writers.</summary>
    private Task<SaveOutcome> SaveAndPublishAsync(OAuthProvider provider, CancellationToken ct) =>
        runtime.WriteAsync(async () =>
        {
            var saved = await store.SaveChangesAsync(ct);
            if (saved == SaveOutcome.Saved)
                runtime.Publish(provider);
            return saved;
        }, ct);

    private async Task<Result?> ValidateAsync(ProviderInput input, CancellationToken ct)
    {
        var check = await validator.ValidateAsync(input, ct);
        return check.IsValid
            ? null
            : Result.Invalid(FieldError.From(check.Errors));
    }

    private static Result NameTaken(string name) =>
        Result.Invalid([new FieldError(nameof(ProviderInput.Name), $"Another provider already uses the name '{name}'.")]);
}
