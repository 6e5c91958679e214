using System.Text.RegularExpressions;

namespace Portal.Domain.TokenManagement;

/// <summary>
/// The custom header pattern, compiled the one way both the validator and the engine use it: header names match
/// case-insensitively, and the non-backtracking engine keeps a hostile pattern from taking more than linear time.
/// </summary>
public static class HeaderPattern
{
    /// <summary>Headers whose values must never be forwarded, in the spellings HTTP/1.1 and HTTP/2 use.</summary>
    private static readonly string[] NeverForwarded =
    [
        "Authorization", "authorization", "AUTHORIZATION",
        "Proxy-Authorization", "proxy-authorization",
        "Cookie", "cookie", "COOKIE",
    ];

    public static Regex Create(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(100));

    /// <summary>Why a pattern is refused, or null when it is fine.</summary>
    public static string? Problem(string pattern)
    {
        Regex regex;
        try
        {
            regex = Create(pattern);
        }
        catch (NotSupportedException)
        {
            return "The pattern uses a construct that is not allowed here (backreferences, lookarounds or atomic groups).";
        }
        catch (ArgumentException e)
        {
            return $"Not a valid regular expression: {e.Message}";
        }

        try
        {
            // Inline options such as (?-i) can undo case-insensitivity, so every spelling is tried.
            var matched = NeverForwarded.FirstOrDefault(regex.IsMatch);
            return matched is null ? null : $"The pattern matches {matched}: that header must never be forwarded.";
        }
        catch (RegexMatchTimeoutException)
        {
            return "The pattern is too slow to evaluate: simplify it.";
        }
    }
}
