using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Engine.External;

/// <summary>The health panel of an External provider: what its saved settings allow, and how its service has been doing.</summary>
/// <param name="Endpoint">The saved endpoint the figures are about.</param>
/// <param name="Staleness">In plain words, how stale an answer may be and what happens while the service is down.</param>
/// <param name="CircuitState">The circuit breaker's state: "closed", "open", "half-open" or "not used yet".</param>
/// <param name="Polling">The v5 compatible mode: a list polled every interval instead of a call per token.</param>
/// <param name="List">The polled list's state (v5 compatible mode only).</param>
public sealed record ExternalHealth(
    string Endpoint, string Staleness, ExternalCountersSnapshot Counters, string CircuitState, bool Polling, RevocationListStatus? List = null);

/// <summary>
/// Reads the health of a provider's external service and tests the connection on demand. Both are about the saved
/// settings: the engine uses nothing else.
/// </summary>
public sealed class ExternalHealthService(
    IProviderStore providers, TokenPolicySnapshots policies, IExternalTokenService service, ExternalStatistics statistics, RevocationLists lists,
    RevocationListPolling polling, ITokenManagementStore settings, IValidator<TokenManagementInput> validator, ISecretProtector secrets, TimeProvider time)
{
    public const string NotExternal = "Token management of this provider is not External in its saved settings: save External settings first.";

    /// <summary>The panel's figures, or null when the saved settings are not External.</summary>
    public async Task<Result<ExternalHealth?>> HealthAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsView) is { } denied)
            return Result<ExternalHealth?>.From(denied);
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result<ExternalHealth?>.From(Result.NotFound("This provider does not exist."));
        if (policies.Find(providerId) is not { Enabled: true, Type: TokenManagementType.External } policy)
            return Result<ExternalHealth?>.Ok(null, "");
        var polling = provider.GatewayType == GatewayType.V5Compatible;
        var staleness = polling
            ? ExternalStaleness.DescribePolling(policy.PollIntervalSeconds, policy.FailOnError)
            : ExternalStaleness.Describe(policy.CacheType, policy.CacheTtl, policy.FailOnError);
        return Result<ExternalHealth?>.Ok(
            new ExternalHealth(policy.Endpoint, staleness, statistics.Of(providerId).Snapshot(), service.CircuitState(policy), polling,
                polling ? lists.Status(providerId) : null), "");
    }

    /// <summary>A real validation call with a dummy token to the saved endpoint: how far it got, and how long it took.</summary>
    public async Task<Result<ProbeResult>> TestConnectionAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        // An outbound call from the server, made on request: for those who may change where it goes.
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<ProbeResult>.From(denied);
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result<ProbeResult>.From(Result.NotFound("This provider does not exist."));
        if (policies.Find(providerId) is not { Enabled: true, Type: TokenManagementType.External } policy)
            return Result<ProbeResult>.From(Result.Conflict(NotExternal));
        var probe = provider.GatewayType == GatewayType.V5Compatible ? await PollNowAsync(policy, ct) : await service.ProbeAsync(policy, ct);
        return Result<ProbeResult>.Ok(probe, probe.Message);
    }

    /// <summary>
    /// Test connection for settings still in the form, before they are saved: the same real call with a dummy token,
    /// under the form's endpoint, TLS profile and credentials (the saved password unless a new one is typed). Nothing is
    /// saved, and the engine keeps using the saved settings.
    /// </summary>
    public async Task<Result<ProbeResult>> TestSettingsAsync(Actor actor, TokenManagementInput input, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.SettingsManage) is { } denied)
            return Result<ProbeResult>.From(denied);
        if (await providers.FindAsync(input.ProviderId, ct) is not { } provider)
            return Result<ProbeResult>.From(Result.NotFound("This provider does not exist."));
        if (provider.GatewayType == GatewayType.V5Compatible)
            return Result<ProbeResult>.From(Result.Conflict("A v5 compatible provider's list is polled with its saved settings: save, then use Poll now."));
        input.NormalizeNulls();
        input.GatewayType = provider.GatewayType;
        var saved = await settings.FindAsync(input.ProviderId, ct);
        input.HasPassword = saved?.HasPassword ?? false;
        if (!input.Enabled || input.Type != TokenManagementType.External)
            return Result<ProbeResult>.From(Result.Conflict("Turn token management on and choose External to test a service."));
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
            return Result<ProbeResult>.From(Result.Invalid(FieldError.From(check.Errors)));

        var draft = TokenManagementSettings.Default(input.ProviderId);
        var purpose = SecretPurposes.ExternalPassword(input.ProviderId);
        draft.Apply(input, password => secrets.Protect(purpose, password), time.GetUtcNow().UtcDateTime);
        var policy = TokenManagementPolicy.From(draft);
        if (input.PasswordChange == SecretChange.Keep)
            policy = policy with { ProtectedPassword = saved?.ProtectedPassword };
        var probe = await service.ProbeAsync(policy, ct);
        return Result<ProbeResult>.Ok(probe, probe.Message);
    }

    /// <summary>The v5 test: poll the list now and put it in force if it is good.</summary>
    private async Task<ProbeResult> PollNowAsync(TokenManagementPolicy policy, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (applied, status) = await polling.PollAsync(policy, ct);
        var latency = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        return applied
            ? new ProbeResult(ProbeStage.Passed, true, 200, latency, $"The list was fetched and applied: {(status.Entries == 1 ? "1 revocation entry is" : $"{status.Entries} revocation entries are")} in force.")
            : new ProbeResult(ProbeStage.Answer, false, null, latency, $"{status.LastProblem} The last good list stays in force.");
    }
}
