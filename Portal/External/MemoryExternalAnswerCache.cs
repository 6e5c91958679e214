using Microsoft.Extensions.Caching.Memory;
using Portal.Domain.Engine.External;

namespace Portal.External;

/// <summary>
/// The external services' answers in this process's memory, bounded by <c>ExternalTokenManagement:CacheEntries</c>
/// (100,000 by default): once full, new answers are not kept and older ones are compacted away.
/// </summary>
public sealed class MemoryExternalAnswerCache(TimeProvider time, IConfiguration configuration) : IExternalAnswerCache, IDisposable
{
    private sealed record Entry(bool Active, DateTimeOffset Until);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = configuration.GetValue("ExternalTokenManagement:CacheEntries", 100_000),
        CompactionPercentage = 0.1,
    });

    public bool TryGet(string key, out bool active)
    {
        // The engine's clock decides freshness (tests move it); the cache's own expiry only frees the memory.
        if (_cache.TryGetValue(key, out Entry? entry) && entry!.Until > time.GetUtcNow())
        {
            active = entry.Active;
            return true;
        }
        active = false;
        return false;
    }

    public void Set(string key, bool active, DateTimeOffset until)
    {
        var lifetime = until - time.GetUtcNow();
        if (lifetime <= TimeSpan.Zero)
            return;
        _cache.Set(key, new Entry(active, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });
    }

    public void Dispose() => _cache.Dispose();
}
