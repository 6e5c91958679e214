using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.TokenManagement;

/// <summary>TLS client profiles: Settings:View reads them, Settings:Manage changes them.</summary>
public sealed class TlsProfileService(
    ITlsProfileStore store, IValidator<TlsProfileInput> validator, ISecretProtector secrets, IAuditTrail audit, TimeProvider time, TlsProfileChanges changes)
{
    public const string ConflictMessage = "Someone else changed this profile after you opened it. Nothing was saved: reload to see their changes.";

    public async Task<Result<IReadOnlyList<TlsClientProfile>>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<IReadOnlyList<TlsClientProfile>>.From(denied);
        return Result<IReadOnlyList<TlsClientProfile>>.Ok(await store.ListAsync(ct), "");
    }

    public async Task<Result<TlsClientProfile>> FindAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<TlsClientProfile>.From(denied);
        return await store.FindAsync(id, ct) is { } profile
            ? Result<TlsClientProfile>.Ok(profile, "")
            : Result<TlsClientProfile>.From(Result.NotFound("This TLS client profile does not exist."));
    }

    public async Task<Result<Guid>> SaveAsync(Actor actor, TlsProfileInput input, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<Guid>.From(denied);

        TlsClientProfile profile;
        if (input.Id is { } id)
        {
            if (await store.FindAsync(id, ct) is not { } existing)
                return Result<Guid>.From(Result.NotFound("This TLS client profile no longer exists."));
            if (existing.Version != input.Version)
                return Result<Guid>.From(Result.Conflict(ConflictMessage));
            profile = existing;
        }
        else
        {
            profile = TlsClientProfile.Create();
        }

        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
            return Result<Guid>.From(Result.Invalid(FieldError.From(check.Errors)));

        var now = time.GetUtcNow().UtcDateTime;
        (string, CertificateInfo)? clientCertificate = null;
        if (input.ClientCertificateChange == SecretChange.Replace)
        {
            var (pkcs12, info, _) = Certificates.ReadClientCertificate(input, now);
            clientCertificate = (secrets.Protect(SecretPurposes.ClientCertificate(profile.Id), Convert.ToBase64String(pkcs12!)), info!);
        }
        var before = input.Id is null ? null : profile.ToAuditState();
        profile.Apply(input, input.CaCertificatesPem.Trim(), clientCertificate, now);
        if (input.Id is null)
            store.Add(profile);
        audit.Record(actor, input.Id is null ? AuditActions.Created : AuditActions.Updated, profile.AuditSubject, before, profile.ToAuditState());

        var outcome = await store.SaveChangesAsync(ct);
        if (outcome == SaveOutcome.Saved)
            changes.Changed(profile.Id);
        return outcome switch
        {
            SaveOutcome.Saved => Result<Guid>.Ok(profile.Id, $"TLS client profile '{profile.Name}' saved."),
            SaveOutcome.Conflict => Result<Guid>.From(Result.Conflict(ConflictMessage)),
            _ => Result<Guid>.From(Result.Invalid([new FieldError(nameof(TlsProfileInput.Name), $"Another profile is already called '{input.Name.Trim()}'.")])),
        };
    }

    public async Task<Result> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return denied;
        if (await store.FindAsync(id, ct) is not { } profile)
            return Result.NotFound("This TLS client profile no longer exists.");
        var users = await store.UsedByAsync(id, ct);
        if (users.Count > 0)
            return Result.Conflict($"'{profile.Name}' is used by {string.Join(", ", users.Select(u => $"'{u}'"))}: choose another profile there first.");
        store.Remove(profile);
        audit.Record(actor, AuditActions.Deleted, profile.AuditSubject, profile.ToAuditState(), null);
        return await store.SaveChangesAsync(ct) == SaveOutcome.Saved
            ? Result.Ok($"TLS client profile '{profile.Name}' deleted.")
            : Result.Conflict(ConflictMessage);
    }
}

/// <summary>
/// Which TLS client profiles changed since the app started: connections to external services made with an older
/// generation of a profile are rebuilt with the saved one, without a database read per call.
/// </summary>
public sealed class TlsProfileChanges
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, long> _generations = new();

    public long Generation(Guid profileId) => _generations.GetValueOrDefault(profileId);

    public void Changed(Guid profileId) => _generations.AddOrUpdate(profileId, 1, (_, g) => g + 1);
}
