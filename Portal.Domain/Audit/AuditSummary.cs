using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Domain.Audit;

/// <summary>Audit records in words: field labels, readable values and one-line summaries.</summary>
public static class AuditSummary
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["Ttl"] = "TTL",
        ["Pkce"] = "PKCE",
        ["Tls"] = "TLS",
        ["Tls12"] = "TLS 1.2",
        ["Tls13"] = "TLS 1.3",
        ["Ms"] = "(ms)",
        ["Id"] = "ID",
        ["Ca"] = "CA",
        ["Pem"] = "PEM",
        ["Utc"] = "(UTC)",
    };

    /// <summary>"AccessTokenTtl" → "Access token TTL".</summary>
    public static string Label(string field)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= field.Length; i++)
        {
            if (i == field.Length || (char.IsUpper(field[i]) && !char.IsUpper(field[i - 1])) || (char.IsDigit(field[i]) && !char.IsDigit(field[i - 1])))
            {
                words.Add(field[start..i]);
                start = i;
            }
        }
        var text = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            var word = Words.GetValueOrDefault(words[i], words[i]);
            if (i > 0)
            {
                text.Append(' ');
                if (!Words.ContainsKey(words[i]))
                    word = word.ToLowerInvariant();
            }
            text.Append(word);
        }
        return text.ToString();
    }

    /// <summary>A value as people read it: text without quotes, lists joined, nothing as "(none)".</summary>
    public static string Value(JsonNode? value) => value switch
    {
        null => "(none)",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : "(empty)",
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "on",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "off",
        JsonArray { Count: 0 } => "(none)",
        JsonArray a => string.Join(", ", a.Select(Value)),
        JsonObject o => string.Join(", ", o.Select(p => $"{Label(p.Key)}: {Value(p.Value)}")),
        _ => value.ToJsonString(),
    };

    /// <summary>A value kept as JSON text in a diff, or the "[changed]" of a secret.</summary>
    public static string Value(string? json) => json switch
    {
        null => "(none)",
        AuditDiff.Changed => AuditDiff.Changed,
        _ => Value(JsonNode.Parse(json)),
    };

    public static IReadOnlyList<FieldChange> Diff(AuditRecord record) =>
        string.IsNullOrEmpty(record.DiffJson) ? [] : JsonSerializer.Deserialize<List<FieldChange>>(record.DiffJson) ?? [];

    /// <summary>"Type Native → External, cache TTL 900 → 300"; at most <paramref name="max"/> fields, then how many more.</summary>
    public static string Changes(AuditRecord record, int max = 4)
    {
        var diff = Diff(record);
        if (record.Action is AuditActions.Created or AuditActions.Deleted or AuditActions.Recorded || diff.Count == 0)
            return Outcome(record);
        var parts = diff.Take(max).Select(c => c.Before == AuditDiff.Changed
            ? $"{Label(c.Field)} changed"
            : $"{Label(c.Field)} {Value(c.Before)} → {Value(c.After)}").ToList();
        if (diff.Count > max)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{diff.Count - max} more"));
        return string.Join(", ", parts);
    }

    /// <summary>"Token management: type Native → External, cache TTL 900 → 300", or "Provider created".</summary>
    public static string Line(AuditRecord record) => record.Action switch
    {
        AuditActions.Created or AuditActions.Deleted => $"{record.EntityType} {record.Action.ToLowerInvariant()}",
        AuditActions.Recorded => $"{record.EntityType} as it was when the audit log began",
        AuditActions.Restored => $"{record.EntityType} restored: {Changes(record)}",
        _ => $"{record.EntityType}: {Changes(record)}",
    };

    private static string Outcome(AuditRecord record) =>
        JsonNode.Parse(string.IsNullOrEmpty(record.AfterJson) ? "{}" : record.AfterJson)?["Outcome"]?.GetValue<string>() ?? record.Action;
}
