using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Portal.Domain.TokenManagement;

namespace Portal.Domain.Engine.External;

/// <summary>
/// Answers of the external service kept for a while (spec §5.2), keyed by provider, settings version and the SHA-256 of
/// the artifact, never the artifact. In-process now; a shared implementation can take its place without a change here.
/// </summary>
public interface IExternalAnswerCache
{
    bool TryGet(string key, out bool active);

    /// <summary>Keeps the answer until <paramref name="until"/>.</summary>
    void Set(string key, bool active, DateTimeOffset until);
}

/// <summary>What the engine does with an artifact after asking the service (or its cache).</summary>
public enum ExternalDecision
{
    Allowed,

    /// <summary>The service says it is revoked.</summary>
    Revoked,

    /// <summary>The service could not answer properly and the provider fails on errors: treated as revoked.</summary>
    Unavailable,
}

/// <summary>
/// External token management (spec §5, §6): notifies the service of what is issued and asks it about what is
/// validated, with the provider's cache and fail-on-error rules, and counts every call for the health panel.
/// </summary>
public sealed class ExternalTokenManagement(IExternalTokenService service, IExternalAnswerCache cache, ExternalStatistics statistics, TimeProvider time)
{
    /// <summary>
    /// Tells the service what was just issued (before it is handed out). False when the issuance must fail: the
    /// service did not accept it and the provider fails on errors.
    /// </summary>
    public async Task<bool> NotifyAsync(
        TokenManagementPolicy policy, ExternalNotification notification, IEnumerable<KeyValuePair<string, string>> inbound, CancellationToken ct)
    {
        var call = new ExternalCall(policy, HeaderPattern.Forwardable(policy, inbound));
        var answer = await CountedAsync(policy, () => service.NotifyAsync(call, notification, ct));
        return answer.Verdict == ExternalVerdict.Allowed || !policy.FailOnError;
    }

    /// <summary>Whether the artifact is still allowed: from the cache when it has a fresh answer, else from the service.</summary>
    public async Task<ExternalDecision> CheckAsync(
        TokenManagementPolicy policy, ArtifactCheck check, IEnumerable<KeyValuePair<string, string>> inbound, CancellationToken ct)
    {
        var counters = statistics.Of(policy.ProviderId);
        string? key = null;
        if (policy.CacheType != ExternalCacheType.None)
        {
            key = CacheKey(policy, check.Artifact);
            if (cache.TryGet(key, out var active))
            {
                counters.CacheHit();
                return active ? ExternalDecision.Allowed : ExternalDecision.Revoked;
            }
            counters.CacheMiss();
        }

        var call = new ExternalCall(policy, HeaderPattern.Forwardable(policy, inbound));
        var answer = await CountedAsync(policy, () => service.CheckAsync(call, check, ct));
        var expires = DateTimeOffset.FromUnixTimeSeconds(check.ExpiresAt);
        switch (answer.Verdict)
        {
            case ExternalVerdict.Allowed:
                if (key is not null && Lifetime(policy, answer) is { } lifetime && lifetime > TimeSpan.Zero)
                    cache.Set(key, true, Min(time.GetUtcNow() + lifetime, expires));
                return ExternalDecision.Allowed;
            case ExternalVerdict.Revoked:
                // A revocation does not end: the answer holds until the artifact would have expired anyway (spec §4).
                if (key is not null && !answer.NoStore)
                    cache.Set(key, false, expires);
                return ExternalDecision.Revoked;
            default:
                return policy.FailOnError ? ExternalDecision.Unavailable : ExternalDecision.Allowed;
        }
    }

    /// <summary>How long an "allowed" answer may be kept: the fixed TTL, the service's max-age, or not at all.</summary>
    private static TimeSpan? Lifetime(TokenManagementPolicy policy, ExternalAnswer answer) => policy.CacheType switch
    {
        ExternalCacheType.TimeToLive => TimeSpan.FromSeconds(policy.CacheTtl),
        ExternalCacheType.Protocol when !answer.NoStore => answer.MaxAge,
        _ => null,
    };

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// The cache key: the settings version (a saved change starts afresh) and the artifact's SHA-256, so neither the
    /// cache nor a dump of it holds a usable token.
    /// </summary>
    private static string CacheKey(TokenManagementPolicy policy, string artifact)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(artifact), hash);
        return $"{policy.ProviderId:N}/{policy.Version:N}/{Convert.ToBase64String(hash)}";
    }

    private async Task<ExternalAnswer> CountedAsync(TokenManagementPolicy policy, Func<Task<ExternalAnswer>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await call();
        statistics.Of(policy.ProviderId).Called(Stopwatch.GetElapsedTime(started), answer.Verdict == ExternalVerdict.Failed ? answer.Problem : null, time.GetUtcNow());
        return answer;
    }
}

/// <summary>The calls to each provider's external service since the app started, for the health panel.</summary>
public sealed class ExternalStatistics
{
    private readonly ConcurrentDictionary<Guid, ExternalCounters> _providers = new();

    public ExternalCounters Of(Guid providerId) => _providers.GetOrAdd(providerId, _ => new ExternalCounters());
}

public sealed record ExternalCountersSnapshot(
    long Calls, long Errors, long CacheHits, long CacheMisses, double? P50Ms, double? P99Ms, string? LastProblem, DateTimeOffset? LastProblemAt)
{
    /// <summary>The share of checks the cache answered, or null before the first check that could use it.</summary>
    public double? CacheHitRate => CacheHits + CacheMisses == 0 ? null : (double)CacheHits / (CacheHits + CacheMisses);
}

/// <summary>Counts and latencies of one provider's calls; the percentiles are over the last 1,024 calls.</summary>
public sealed class ExternalCounters
{
    private const int Window = 1024;
    private readonly Lock _lock = new();
    private readonly double[] _latencies = new double[Window];
    private long _calls;
    private long _errors;
    private long _hits;
    private long _misses;
    private string? _lastProblem;
    private DateTimeOffset? _lastProblemAt;

    public void CacheHit() => Interlocked.Increment(ref _hits);

    public void CacheMiss() => Interlocked.Increment(ref _misses);

    public void Called(TimeSpan latency, string? problem, DateTimeOffset at)
    {
        lock (_lock)
        {
            _latencies[_calls % Window] = latency.TotalMilliseconds;
            _calls++;
            if (problem is not null)
            {
                _errors++;
                _lastProblem = problem;
                _lastProblemAt = at;
            }
        }
    }

    public ExternalCountersSnapshot Snapshot()
    {
        lock (_lock)
        {
            var sorted = _latencies.AsSpan(0, (int)Math.Min(_calls, Window)).ToArray();
            Array.Sort(sorted);
            return new ExternalCountersSnapshot(_calls, _errors, Interlocked.Read(ref _hits), Interlocked.Read(ref _misses),
                Percentile(sorted, 0.50), Percentile(sorted, 0.99), _lastProblem, _lastProblemAt);
        }
    }

    /// <summary>The nearest-rank percentile.</summary>
    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
