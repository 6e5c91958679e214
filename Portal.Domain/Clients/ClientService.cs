using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Clients;

/// <summary>A client's id and, for a confidential client, its new secret: shown once, never stored in clear.</summary>
public sealed record IssuedSecret(Guid Id, string ClientId, string? Secret);

/// <summary>
/// Client applications of a provider: Settings:View reads them, Settings:Manage changes them. Every change is audited
/// and published to <see cref="ClientRegistry"/>, which the engine reads, as soon as it is saved.
/// </summary>
public sealed class ClientService(
    IClientStore store,
    IProviderStore providers,
    IValidator<ClientInput> validator,
    ClientRegistry registry,
    IAuditTrail audit,
    TimeProvider time)
{
    public const string ConflictMessage =
        "Someone else changed this application after you opened it. Nothing was saved: reload to see their changes.";

    public async Task<Result<IReadOnlyList<ClientApplication>>> ListAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<IReadOnlyList<ClientApplication>>.From(denied);
        return Result<IReadOnlyList<ClientApplication>>.Ok(await store.ListAsync(providerId, ct), "");
    }

    public async Task<Result<ClientApplication>> FindAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<ClientApplication>.From(denied);
        return await store.FindAsync(id, ct) is { } client
            ? Result<ClientApplication>.Ok(client, "")
            : Result<ClientApplication>.From(Result.NotFound("This application does not exist."));
    }

    /// <summary>The provider's allowance, for a form to offer only what the provider allows.</summary>
    public async Task<Result<ClientAllowance>> AllowanceAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<ClientAllowance>.From(denied);
        return await providers.FindAsync(providerId, ct) is { } provider
            ? Result<ClientAllowance>.Ok(ClientAllowance.Of(provider), "")
            : Result<ClientAllowance>.From(Result.NotFound("This provider does not exist."));
    }

    public async Task<Result<IssuedSecret>> CreateAsync(Actor actor, Guid providerId, ClientInput input, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<IssuedSecret>.From(denied);
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result<IssuedSecret>.From(Result.NotFound("This provider no longer exists."));
        input.Id = null;
        if (await ValidateAsync(input, provider, ct) is { } invalid)
            return Result<IssuedSecret>.From(invalid);

        var now = time.GetUtcNow().UtcDateTime;
        var client = ClientApplication.Create(providerId, input, now);
        var secret = client.IsConfidential ? ClientSecrets.NewSecret() : null;
        if (secret is not null)
            client.SetSecret(ClientSecrets.Hash(secret), now, previousValidUntilUtc: null);
        store.Add(client);
        audit.Record(actor, AuditActions.Created, client.AuditSubject, null, client.ToAuditState());
        var saved = await registry.WriteAsync(async () =>
        {
            if (await store.SaveChangesAsync(ct) != SaveOutcome.Saved)
                return false;
            registry.Publish(client);
            return true;
        }, ct);
        if (!saved)
            return Result<IssuedSecret>.From(Result.Conflict("The provider changed at the same moment. Nothing was saved: try again."));
        return Result<IssuedSecret>.Ok(new IssuedSecret(client.Id, client.ClientId, secret), $"Application '{client.Name}' registered.");
    }

    public async Task<Result> UpdateAsync(Actor actor, ClientInput input, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (input.Id is not { } id || await store.FindAsync(id, ct) is not { } client)
            return Result.NotFound("This application no longer exists.");
        if (input.Version != client.Version)
            return Result.Conflict(ConflictMessage);
        if (await providers.FindAsync(client.ProviderId, ct) is not { } provider)
            return Result.NotFound("This provider no longer exists.");
        if (await ValidateAsync(input, provider, ct) is { } invalid)
            return invalid;

        var before = client.ToAuditState();
        client.Apply(input, time.GetUtcNow().UtcDateTime);
        return await SaveAsync(actor, AuditActions.Updated, client, before, $"Application '{client.Name}' saved.", ct);
    }

    /// <summary>A new secret, shown once. Without grace the old one stops working at once; with it, after <paramref name="graceSeconds"/>.</summary>
    public async Task<Result<IssuedSecret>> RotateSecretAsync(Actor actor, Guid id, int graceSeconds, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<IssuedSecret>.From(denied);
        if (await store.FindAsync(id, ct) is not { } client)
            return Result<IssuedSecret>.From(Result.NotFound("This application no longer exists."));
        if (!client.IsConfidential)
            return Result<IssuedSecret>.From(Result.Conflict("A public client has no secret."));
        if (graceSeconds is < 0 or > ClientLimits.MaxGraceSeconds)
        {
            return Result<IssuedSecret>.From(Result.Invalid([new FieldError("GraceSeconds",
                $"Enter a grace period between 0 and {ClientLimits.MaxGraceSeconds} seconds (30 days).")]));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var secret = ClientSecrets.NewSecret();
        var before = client.ToAuditState();
        client.SetSecret(ClientSecrets.Hash(secret), now, graceSeconds == 0 ? null : now.AddSeconds(graceSeconds));
        var saved = await SaveAsync(actor, AuditActions.SecretRotated, client, before,
            graceSeconds == 0 ? "New secret issued; the old one no longer works." : $"New secret issued; the old one works until {now.AddSeconds(graceSeconds):yyyy-MM-dd HH:mm} UTC.", ct);
        return saved.IsSuccess
            ? Result<IssuedSecret>.Ok(new IssuedSecret(client.Id, client.ClientId, secret), saved.Message)
            : Result<IssuedSecret>.From(saved);
    }

    public async Task<Result> SetEnabledAsync(Actor actor, Guid id, bool enabled, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (await store.FindAsync(id, ct) is not { } client)
            return Result.NotFound("This application no longer exists.");
        var before = client.ToAuditState();
        client.SetEnabled(enabled, time.GetUtcNow().UtcDateTime);
        return await SaveAsync(actor, enabled ? AuditActions.Enabled : AuditActions.Disabled, client, before,
            enabled ? $"'{client.Name}' can get tokens again." : $"'{client.Name}' is disabled: it gets no token and its tokens stop working.", ct);
    }

    public async Task<Result> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (await store.FindAsync(id, ct) is not { } client)
            return Result.NotFound("This application no longer exists.");
        store.Remove(client);
        audit.Record(actor, AuditActions.Deleted, client.AuditSubject, client.ToAuditState(), null);
        var deleted = await registry.WriteAsync(async () =>
        {
            if (await store.SaveChangesAsync(ct) != SaveOutcome.Saved)
                return false;
            registry.Remove(client.ClientId);
            return true;
        }, ct);
        if (!deleted)
            return Result.Conflict("Someone else changed this application while you were deleting it. Nothing was deleted.");
        return Result.Ok($"Application '{client.Name}' deleted.");
    }

    private async Task<Result> SaveAsync(Actor actor, string action, ClientApplication client, AuditState before, string message, CancellationToken ct)
    {
        audit.Record(actor, action, client.AuditSubject, before, client.ToAuditState());
        return await registry.WriteAsync(async () =>
        {
            if (await store.SaveChangesAsync(ct) != SaveOutcome.Saved)
                return Result.Conflict(ConflictMessage);
            registry.Publish(client);
            return Result.Ok(message);
        }, ct);
    }

    private async Task<Result?> ValidateAsync(ClientInput input, OAuthProvider provider, CancellationToken ct)
    {
        input.Allowed = ClientAllowance.Of(provider);
        var check = await validator.ValidateAsync(input, ct);
        return check.IsValid ? null : Result.Invalid(FieldError.From(check.Errors));
    }
}
