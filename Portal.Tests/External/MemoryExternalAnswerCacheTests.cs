using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Portal.External;

namespace Portal.Tests.External;

public sealed class MemoryExternalAnswerCacheTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private MemoryExternalAnswerCache Cache(int entries) => new(_clock, new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ExternalTokenManagement:CacheEntries"] = entries.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        .Build());

    [Fact]
    public void TheCache_HoldsNoMoreThanItsLimit()
    {
        using var cache = Cache(entries: 100);

        for (var i = 0; i < 1_000; i++)
            cache.Set($"key-{i}", true, _clock.GetUtcNow().AddMinutes(5));

        Assert.InRange(Enumerable.Range(0, 1_000).Count(i => cache.TryGet($"key-{i}", out _)), 1, 100);
    }

    [Fact]
    public void AnAnswer_IsFreshUntilItsTime_OnTheEnginesClock()
    {
        using var cache = Cache(entries: 10);
        cache.Set("allowed", true, _clock.GetUtcNow().AddSeconds(30));
        cache.Set("revoked", false, _clock.GetUtcNow().AddSeconds(30));

        Assert.True(cache.TryGet("allowed", out var allowed) && allowed);
        Assert.True(cache.TryGet("revoked", out var revoked) && !revoked);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(cache.TryGet("allowed", out _));
    }
}
