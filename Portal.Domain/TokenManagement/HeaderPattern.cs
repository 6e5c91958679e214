using System.Collections.Concurrent;
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

    /// <summary>
    /// Headers the engine never forwards whatever the pattern: credentials, the request's own framing, and the headers
    /// of spec §5.2 (a caller must not answer its own validation check).
    /// </summary>
    private static readonly HashSet<string> NeverForwardedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Host", "Content-Length", "Content-Type", "Transfer-Encoding",
        "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Expect", "Accept", "Cache-Control",
        "client-id", "resource-owner", "access-token", "refresh-token", "code", "scope",
    };

    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// The inbound request headers to pass on to the external service: those whose names match the provider's
    /// pattern, never a credential (nor the header the provider's own credential goes in).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Forwardable(TokenManagementPolicy policy, IEnumerable<KeyValuePair<string, string>> inbound)
    {
        if (string.IsNullOrEmpty(policy.CustomHeaderPattern))
            return [];
        if (Compiled.Count > 256)
            Compiled.Clear();
        var regex = Compiled.GetOrAdd(policy.CustomHeaderPattern, Create);
        try
        {
            return [.. inbound.Where(h => !NeverForwardedNames.Contains(h.Key)
                && !string.Equals(h.Key, policy.RequestHeaderName, StringComparison.OrdinalIgnoreCase)
                && regex.IsMatch(h.Key))];
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }

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
