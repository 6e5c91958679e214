namespace Portal.Components.Shared;

/// <summary>Reads a number of seconds the way an administrator thinks of it: "1 h", "31 d 1 h".</summary>
public static class Duration
{
    public static string Describe(int seconds)
    {
        if (seconds <= 0)
            return "";
        var span = TimeSpan.FromSeconds(seconds);
        var parts = new List<string>(4);
        if (span.Days > 0)
            parts.Add($"{span.Days} d");
        if (span.Hours > 0)
            parts.Add($"{span.Hours} h");
        if (span.Minutes > 0)
            parts.Add($"{span.Minutes} min");
        if (span.Seconds > 0)
            parts.Add($"{span.Seconds} s");
        return string.Join(" ", parts);
    }
}
