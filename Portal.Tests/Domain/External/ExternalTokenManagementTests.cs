using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Engine.External;
using Portal.Domain.TokenManagement;

namespace Portal.Tests.Domain.External;

/// <summary>The cache and fail-on-error rules of spec §5.2 on their own, with a scripted service.</summary>
public sealed class ExternalTokenManagementTests
{
    private sealed class ScriptedService : IExternalTokenService
    {
        public Queue<ExternalAnswer> Answers { get; } = new();
        public int Checks { get; private set; }

        public Task<ExternalAnswer> NotifyAsync(ExternalCall call, ExternalNotification notification, CancellationToken ct = default) =>
            Task.FromResult(Answers.Dequeue());

        public Task<ExternalAnswer> CheckAsync(ExternalCall call, ArtifactCheck check, CancellationToken ct = default)
        {
            Checks++;
            return Task.FromResult(Answers.Dequeue());
        }

        public Task<ProbeResult> ProbeAsync(TokenManagementPolicy policy, CancellationToken ct = default) => throw new NotSupportedException();

        public string CircuitState(TokenManagementPolicy policy) => "closed";

        public Task<(IReadOnlyList<RevocationListEntry>? Entries, string? Problem)> FetchRevocationListAsync(
            TokenManagementPolicy policy, CancellationToken ct = default) => throw new NotSupportedException();
    }

    private sealed class DictionaryCache(TimeProvider time) : IExternalAnswerCache
    {
        public Dictionary<string, (bool Active, DateTimeOffset Until)> Entries { get; } = [];

        public bool TryGet(string key, out bool active)
        {
            active = Entries.TryGetValue(key, out var e) && e.Active;
            return Entries.ContainsKey(key) && e.Until > time.GetUtcNow();
        }

        public void Set(string key, bool active, DateTimeOffset until) => Entries[key] = (active, until);
    }

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ScriptedService _service = new();
    private readonly DictionaryCache _cache;
    private readonly ExternalStatistics _statistics = new();
    private readonly ExternalTokenManagement _external;

    public ExternalTokenManagementTests()
    {
        _cache = new DictionaryCache(_clock);
        _external = new ExternalTokenManagement(_service, _cache, _statistics, _clock);
    }

    private static TokenManagementPolicy Policy(ExternalCacheType cache, bool failOnError = true) =>
        TokenManagementPolicy.From(TokenManagementSettings.Default(Guid.NewGuid())) with
        {
            Version = Guid.NewGuid(),
            Enabled = true,
            Type = TokenManagementType.External,
            CacheType = cache,
            CacheTtl = 60,
            FailOnError = failOnError,
        };

    private ArtifactCheck Check(string token = "secret-token-value", int expiresIn = 3600) =>
        new(ArtifactKind.AccessToken, token, "c1", "alice", "read", _clock.GetUtcNow().ToUnixTimeSeconds() + expiresIn);

    private Task<ExternalDecision> CheckAsync(TokenManagementPolicy policy, ArtifactCheck check) => _external.CheckAsync(policy, check, [], default);

    [Fact]
    public async Task ARevokedAnswer_IsKeptUntilTheTokenExpires_WhateverTheTtl()
    {
        var policy = Policy(ExternalCacheType.TimeToLive);
        var check = Check(expiresIn: 600);
        _service.Answers.Enqueue(new ExternalAnswer(ExternalVerdict.Revoked));

        var first = await CheckAsync(policy, check);
        _clock.Advance(TimeSpan.FromSeconds(599));
        var later = await CheckAsync(policy, check);

        Assert.Equal(ExternalDecision.Revoked, first);
        Assert.Equal(ExternalDecision.Revoked, later);
        Assert.Equal(1, _service.Checks);
    }

    [Fact]
    public async Task AnAllowedAnswer_IsNeverKeptPastTheTokensExpiry()
    {
        var policy = Policy(ExternalCacheType.TimeToLive);
        var check = Check(expiresIn: 10);
        _service.Answers.Enqueue(ExternalAnswer.Allowed);

        await CheckAsync(policy, check);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(check.ExpiresAt), Assert.Single(_cache.Entries).Value.Until);
    }

    [Fact]
    public async Task ProtocolMode_KeepsNothing_TheServiceMarksNoStore()
    {
        var policy = Policy(ExternalCacheType.Protocol);
        _service.Answers.Enqueue(new ExternalAnswer(ExternalVerdict.Allowed, MaxAge: TimeSpan.FromSeconds(60), NoStore: true));
        _service.Answers.Enqueue(new ExternalAnswer(ExternalVerdict.Revoked, NoStore: true));

        await CheckAsync(policy, Check("a"));
        await CheckAsync(policy, Check("b"));

        Assert.Empty(_cache.Entries);
    }

    [Fact]
    public async Task TheCache_IsKeyedByTheTokensHash_NeverTheToken()
    {
        _service.Answers.Enqueue(ExternalAnswer.Allowed);

        await CheckAsync(Policy(ExternalCacheType.TimeToLive), Check("secret-token-value"));

        Assert.DoesNotContain("secret-token-value", Assert.Single(_cache.Entries).Key);
    }

    [Theory]
    [InlineData(true, ExternalDecision.Unavailable)]
    [InlineData(false, ExternalDecision.Allowed)]
    public async Task AFailure_IsNotCached_AndDecidedByFailOnError(bool failOnError, ExternalDecision expected)
    {
        _service.Answers.Enqueue(ExternalAnswer.Failed("HTTP 500"));

        var decision = await CheckAsync(Policy(ExternalCacheType.TimeToLive, failOnError), Check());

        Assert.Equal(expected, decision);
        Assert.Empty(_cache.Entries);
        var counters = _statistics.Of(Guid.Empty).Snapshot();
        Assert.Equal(0, counters.Calls);
    }

    [Fact]
    public async Task TheCounters_CountCallsErrorsAndCacheHits()
    {
        var policy = Policy(ExternalCacheType.TimeToLive);
        _service.Answers.Enqueue(ExternalAnswer.Allowed);
        _service.Answers.Enqueue(ExternalAnswer.Failed("HTTP 500"));

        await CheckAsync(policy, Check("a"));
        await CheckAsync(policy, Check("a"));
        await CheckAsync(policy, Check("b"));

        var counters = _statistics.Of(policy.ProviderId).Snapshot();
        Assert.Equal(2, counters.Calls);
        Assert.Equal(1, counters.Errors);
        Assert.Equal(1, counters.CacheHits);
        Assert.Equal(2, counters.CacheMisses);
        Assert.Equal("HTTP 500", counters.LastProblem);
        Assert.NotNull(counters.P99Ms);
    }
}
