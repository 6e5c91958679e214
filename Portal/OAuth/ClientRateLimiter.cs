using System.Threading.RateLimiting;

namespace Portal.OAuth;

public sealed class RateLimitOptions
{
    public const string Section = "OAuth:RateLimit";

    /// <summary>Requests a client may make to a provider's endpoints per window, with that many in a burst.</summary>
    public int PermitsPerClient { get; set; } = 5000;

    /// <summary>Failed client authentications one address may make per window, before it gets 429 instead of 401.</summary>
    public int FailuresPerAddress { get; set; } = 50;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Token buckets per client, and per address for failed authentications (against guessing secrets and scanning
/// tokens). A refused request gets 429 with Retry-After.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ClientRateLimiter(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k => new TokenBucketRateLimiterOptions
        {
            TokenLimit = k.StartsWith("client:", StringComparison.Ordinal) ? o.PermitsPerClient : o.FailuresPerAddress,
            TokensPerPeriod = k.StartsWith("client:", StringComparison.Ordinal) ? o.PermitsPerClient : o.FailuresPerAddress,
            ReplenishmentPeriod = o.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Null when the request may go on; otherwise how long to wait.</summary>
    public TimeSpan? ForClient(string clientId) => Acquire("client:" + clientId);

    /// <summary>Spends one of the address's failures; null while some are left.</summary>
    public TimeSpan? ForFailedAuthentication(HttpContext context) => Acquire(AddressKey(context));

    /// <summary>Whether the address has failures left, without spending one: checked before any secret is.</summary>
    public TimeSpan? AddressBlocked(HttpContext context) => Acquire(AddressKey(context), permits: 0);

    private static string AddressKey(HttpContext context) => "address:" + context.Connection.RemoteIpAddress;

    private TimeSpan? Acquire(string key, int permits = 1)
    {
        using var lease = _limiter.AttemptAcquire(key, permits);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
