using System.Collections.Concurrent;
using Portal.Domain.Engine;
using Portal.Domain.Engine.External;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.External;

/// <summary>
/// Polls the revocation list of every v5 compatible provider whose token management is External, each on its own
/// interval (spec §5.3: 60 s by default), and drops the list of a provider that no longer polls one.
/// </summary>
public sealed class RevocationListPoller(
    TokenPolicySnapshots policies, ProviderSnapshots providers, RevocationLists lists, RevocationListPolling polling, TimeProvider time,
    ILogger<RevocationListPoller> logger) : BackgroundService
{
    /// <summary>When each provider's next poll is due, for the settings version it was scheduled under.</summary>
    private readonly ConcurrentDictionary<Guid, (Guid Version, DateTimeOffset Due)> _schedule = new();
    private readonly SemaphoreSlim _round = new(1, 1);

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            try
            {
                await PollDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Polling the revocation lists failed; trying again in a second.");
            }
        }
        while (await tick.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The v5 providers polling a list now.</summary>
    private IEnumerable<TokenManagementPolicy> Polling() =>
        providers.All.Where(p => p.GatewayType == GatewayType.V5Compatible)
            .Select(p => policies.Find(p.Id))
            .OfType<TokenManagementPolicy>()
            .Where(p => p is { Enabled: true, Type: TokenManagementType.External } && !string.IsNullOrEmpty(p.Endpoint));

    internal async Task PollDueAsync(CancellationToken ct)
    {
        // One round at a time: a round started by hand never overlaps the timer's.
        await _round.WaitAsync(ct);
        try
        {
            await PollDueOnceAsync(ct);
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task PollDueOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var active = Polling().ToList();
        foreach (var providerId in lists.Providers.Concat(_schedule.Keys).Distinct().Except(active.Select(p => p.ProviderId)).ToList())
        {
            lists.Remove(providerId);
            _schedule.TryRemove(providerId, out _);
        }
        // Before any request can slip through: a provider without a good list yet fails as its settings say.
        foreach (var policy in active)
            lists.Expect(policy.ProviderId, policy.FailOnError);
        foreach (var policy in active)
        {
            // New settings are polled at once; otherwise every interval.
            if (_schedule.TryGetValue(policy.ProviderId, out var next) && next.Version == policy.Version && next.Due > now)
                continue;
            _schedule[policy.ProviderId] = (policy.Version, now.AddSeconds(policy.PollIntervalSeconds));
            await polling.PollAsync(policy, ct);
        }
    }
}
