using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Domain.Audit;

namespace Portal.Audit;

/// <summary>
/// The audit log's filters as they appear in its address and its export link: actor, type, entity, action and a date
/// range (days in UTC, both inclusive).
/// </summary>
public sealed class AuditFilter
{
    public string? Actor { get; set; }
    public string? Type { get; set; }
    public string? Entity { get; set; }
    public string? Action { get; set; }
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }

    public AuditQuery ToQuery(int page = 0, int pageSize = 25) => new()
    {
        ActorEmail = Actor,
        EntityType = Type,
        Entity = Entity,
        Action = Action,
        FromUtc = From is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
        ToUtc = To is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc) : null,
        Page = page,
        PageSize = pageSize,
    };

    public string ToQueryString()
    {
        var values = new Dictionary<string, string?>
        {
            ["actor"] = Actor,
            ["type"] = Type,
            ["entity"] = Entity,
            ["action"] = Action,
            ["from"] = From?.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["to"] = To?.ToString(DateFormat, CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("", values.Where(v => !string.IsNullOrWhiteSpace(v.Value)));
    }

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Reads the filters of a query string; an unreadable date is an error, never silently "no limit".</summary>
    public static bool TryParse(IQueryCollection query, out AuditFilter filter, out string? error)
    {
        filter = new AuditFilter
        {
            Actor = query["actor"].FirstOrDefault(),
            Type = query["type"].FirstOrDefault(),
            Entity = query["entity"].FirstOrDefault(),
            Action = query["action"].FirstOrDefault(),
        };
        error = null;
        foreach (var (key, set) in new (string, Action<AuditFilter, DateTime>)[] { ("from", (f, d) => f.From = d), ("to", (f, d) => f.To = d) })
        {
            if (query[key].FirstOrDefault() is not { Length: > 0 } text)
                continue;
            if (!DateTime.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                error = $"'{key}' must be a date written {DateFormat}.";
                return false;
            }
            set(filter, date);
        }
        return true;
    }
}
