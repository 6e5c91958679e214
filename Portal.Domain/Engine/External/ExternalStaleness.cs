using Portal.Domain.TokenManagement;

namespace Portal.Domain.Engine.External;

/// <summary>
/// The plain sentence on the health panel: how long a token revoked at the external service may still be accepted
/// under the settings, and what happens to tokens while the service is down.
/// </summary>
public static class ExternalStaleness
{
    public static string Describe(ExternalCacheType cacheType, int cacheTtlSeconds, bool failOnError)
    {
        var revoked = cacheType switch
        {
            ExternalCacheType.TimeToLive =>
                $"A token revoked at the service may still be accepted for up to {cacheTtlSeconds} s because of the cache.",
            ExternalCacheType.Protocol =>
                "A token revoked at the service may still be accepted for as long as the service's Cache-Control max-age allows; "
                + "answers without one are not cached.",
            _ => "Every check asks the service: a token revoked there is refused on its next use.",
        };
        var down = (cacheType, failOnError) switch
        {
            (ExternalCacheType.None, true) => "While the service is down, tokens are refused.",
            (_, true) => "While the service is down, tokens are refused once their cached answer runs out.",
            (_, false) => "While the service is down, tokens are accepted until they expire.",
        };
        return $"{revoked} {down}";
    }

    /// <summary>The v5 compatible mode (spec §5.3): the service's list is fetched every poll interval.</summary>
    public static string DescribePolling(int pollIntervalSeconds, bool failOnError) =>
        $"A revocation listed by the service takes effect at the next poll, up to {pollIntervalSeconds} s later. "
        + "While the service is down, the last list fetched stays in force; "
        + (failOnError
            ? "until a first list is fetched (after a start or a change), tokens are refused."
            : "until a first list is fetched (after a start or a change), tokens are accepted until they expire.");
}
