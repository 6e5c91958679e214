using System.Collections.Concurrent;
using System.Net;

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
/// tokens). A refused request gets 429 with Retry-After. Buckets refill continuously on the app's clock, so a test
/// clock decides when a budget comes back; full buckets are dropped now and then, so scanning from many addresses
/// cannot grow memory without bound.
/// </summary>
public sealed class ClientRateLimiter(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options, TimeProvider time)
{
    private const int SweepAbove = 10_000;

    private readonly RateLimitOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Bucket> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, Bucket> _addresses = new();

    /// <summary>Null when the request may go on; otherwise how long to wait.</summary>
    public TimeSpan? ForClient(string clientId) => Take(_clients, clientId, _options.PermitsPerClient, 1);

    /// <summary>Spends one of the address's failures; null while some are left.</summary>
    public TimeSpan? ForFailedAuthentication(HttpContext context) => Take(_addresses, Address(context), _options.FailuresPerAddress, 1);

    /// <summary>Whether the address has failures left, without spending one: checked before any secret is.</summary>
    public TimeSpan? AddressBlocked(HttpContext context) =>
        _addresses.TryGetValue(Address(context), out var bucket) ? bucket.Take(0, _options.FailuresPerAddress, _options.Window, time.GetTimestamp(), time.TimestampFrequency) : null;

    private static IPAddress Address(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    private TimeSpan? Take<TKey>(ConcurrentDictionary<TKey, Bucket> buckets, TKey key, int limit, int permits) where TKey : notnull
    {
        var now = time.GetTimestamp();
        if (!buckets.TryGetValue(key, out var bucket))
        {
            if (buckets.Count > SweepAbove)
                Sweep(buckets, limit, now);
            bucket = buckets.GetOrAdd(key, _ => new Bucket(limit, now));
        }
        return bucket.Take(permits, limit, _options.Window, now, time.TimestampFrequency);
    }

    private void Sweep<TKey>(ConcurrentDictionary<TKey, Bucket> buckets, int limit, long now) where TKey : notnull
    {
        foreach (var (key, bucket) in buckets)
            if (bucket.IsFull(limit, _options.Window, now, time.TimestampFrequency))
                buckets.TryRemove(key, out _);
    }

    private sealed class Bucket(int tokens, long since)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private long _since = since;

        /// <summary>Takes <paramref name="permits"/> (none: only asks whether any are left); else how long until one is.</summary>
        public TimeSpan? Take(int permits, int limit, TimeSpan window, long now, long frequency)
        {
            lock (_lock)
            {
                Refill(limit, window, now, frequency);
                if (_tokens >= Math.Max(permits, 1))
                {
                    _tokens -= permits;
                    return null;
                }
                return window * ((1 - _tokens) / limit);
            }
        }

        public bool IsFull(int limit, TimeSpan window, long now, long frequency)
        {
            lock (_lock)
            {
                Refill(limit, window, now, frequency);
                return _tokens >= limit;
            }
        }

        private void Refill(int limit, TimeSpan window, long now, long frequency)
        {
            var elapsed = (double)(now - _since) / frequency;
            _since = now;
            _tokens = Math.Min(limit, _tokens + elapsed / window.TotalSeconds * limit);
        }
    }
}
