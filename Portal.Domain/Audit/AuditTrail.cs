using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Portal.Domain.Access;

namespace Portal.Domain.Audit;

/// <summary>What a record is about: an entity's type, id and the name people know it by.</summary>
public sealed record AuditSubject(string Type, string Id, string Name);

/// <summary>
/// An entity's state at one moment, as JSON values, and which of them are secrets. Secret values are only compared
/// (to say "[changed]"); they never reach a record.
/// </summary>
public sealed record AuditState(JsonObject Values, IReadOnlySet<string> Secrets)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = null,
    };

    /// <summary>The public properties of a model, minus the ones that are not part of the state (ids, versions).</summary>
    public static AuditState Of<T>(T model, IEnumerable<string> leaveOut, IReadOnlySet<string>? secrets = null)
    {
        var values = JsonSerializer.SerializeToNode(model, Json)!.AsObject();
        foreach (var field in leaveOut)
            values.Remove(field);
        return new AuditState(values, secrets ?? NoSecrets);
    }

    public static readonly IReadOnlySet<string> NoSecrets = new HashSet<string>();
}

/// <summary>
/// Records changes. A record joins the pending changes of the stores in the same scope: it is written by their next
/// save, in the same transaction, or not at all.
/// </summary>
public interface IAuditTrail
{
    void Record(Actor actor, string action, AuditSubject subject, AuditState? before, AuditState? after);
}

public static class AuditActions
{
    public const string Created = "Created";
    public const string Updated = "Updated";
    public const string Deleted = "Deleted";
    public const string Restored = "Restored";
    public const string Granted = "Granted";
    public const string Revoked = "Revoked";
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
    public const string PasswordChanged = "Password changed";
    public const string SecretRotated = "Secret rotated";

    /// <summary>The state found when the audit log started: the first version of something older than the log.</summary>
    public const string Recorded = "Recorded";
    public const string SignInSucceeded = "Sign-in succeeded";
    public const string SignInFailed = "Sign-in failed";

    public static readonly IReadOnlyList<string> All =
        [Created, Updated, Deleted, Restored, Recorded, Granted, Revoked, Enabled, Disabled, SecretRotated, PasswordChanged, SignInSucceeded, SignInFailed];
}

public static class AuditEntityTypes
{
    public const string Provider = "Provider";
    public const string TokenManagement = "Token management";
    public const string TlsProfile = "TLS client profile";
    public const string Role = "Role";
    public const string RoleAssignment = "Role assignment";
    public const string Member = "Member";
    public const string ClientApplication = "Client application";
    public const string ResourceOwner = "Resource owner";

    /// <summary>The portal's revocations: a grant, a client's or an owner's tokens, a provider's "not before" cut-off.</summary>
    public const string Tokens = "Tokens";

    public static readonly IReadOnlyList<string> All =
        [Provider, TokenManagement, TlsProfile, ClientApplication, ResourceOwner, Tokens, Role, RoleAssignment, Member];
}

/// <summary>Builds unsealed records: secrets masked, the diff computed; the store seals them in order when it writes them.</summary>
public static class AuditEntry
{
    public const string System = "system";

    /// <summary>The actor of a sign-in attempt for an account that does not exist.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Actions that are events in themselves: recorded even though no stored field changed.</summary>
    private static readonly HashSet<string> Events =
        [AuditActions.Created, AuditActions.Deleted, AuditActions.Recorded, AuditActions.Revoked, AuditActions.SignInSucceeded, AuditActions.SignInFailed];

    /// <summary>The record of a change, or null for an update that changed no field (nothing happened).</summary>
    public static AuditRecord? Create(Actor actor, string action, AuditSubject subject, AuditState? before, AuditState? after, DateTime nowUtc)
    {
        var secrets = new HashSet<string>((before?.Secrets ?? AuditState.NoSecrets).Concat(after?.Secrets ?? AuditState.NoSecrets));
        var diff = AuditDiff.Compute(before?.Values, after?.Values, secrets);
        if (diff.Count == 0 && !Events.Contains(action))
            return null;
        return new AuditRecord
        {
            Sequence = 0,
            // Microseconds: what every database keeps (PostgreSQL too), so the hash survives a move.
            AtUtc = new DateTime(nowUtc.Ticks - (nowUtc.Ticks % 10), DateTimeKind.Utc),
            ActorId = actor.UserId.Length == 0 ? System : actor.UserId,
            ActorEmail = actor.Email.Length == 0 ? System : actor.Email,
            ClientIp = actor.ClientIp,
            Action = action,
            EntityType = subject.Type,
            EntityId = subject.Id,
            EntityName = subject.Name,
            BeforeJson = before is null ? "" : AuditDiff.Mask(before.Values, secrets).ToJsonString(),
            AfterJson = after is null ? "" : AuditDiff.Mask(after.Values, secrets).ToJsonString(),
            DiffJson = JsonSerializer.Serialize(diff),
            PreviousHash = "",
        };
    }
}
