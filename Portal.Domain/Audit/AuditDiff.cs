using System.Text.Json.Nodes;

namespace Portal.Domain.Audit;

/// <summary>One changed field of an entity, with its values as JSON text.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>Snapshots with secrets masked, and the field-level difference of two of them.</summary>
public static class AuditDiff
{
    public const string Redacted = "[redacted]";
    public const string Changed = "[changed]";

    /// <summary>Replaces the value of each secret field (present or not null) by "[redacted]".</summary>
    public static JsonObject Mask(JsonObject snapshot, IReadOnlySet<string> secretFields)
    {
        var masked = (JsonObject)snapshot.DeepClone();
        foreach (var field in secretFields)
        {
            if (masked[field] is not null)
                masked[field] = Redacted;
        }
        return masked;
    }

    /// <summary>
    /// The fields whose values differ, in the order of the "after" snapshot, then fields that disappeared. A secret
    /// that changed appears as "[changed]" on both sides: the record says that it changed, never what it was.
    /// </summary>
    public static IReadOnlyList<FieldChange> Compute(JsonObject? before, JsonObject? after, IReadOnlySet<string> secretFields)
    {
        before ??= [];
        after ??= [];
        var changes = new List<FieldChange>();
        foreach (var field in after.Select(p => p.Key).Concat(before.Select(p => p.Key).Where(k => !after.ContainsKey(k))))
        {
            var old = before[field];
            var @new = after[field];
            if (JsonNode.DeepEquals(old, @new))
                continue;
            changes.Add(secretFields.Contains(field)
                ? new FieldChange(field, Changed, Changed)
                : new FieldChange(field, old?.ToJsonString(), @new?.ToJsonString()));
        }
        return changes;
    }
}
