using System.Collections.Immutable;
using Portal.Domain.Common;

namespace Portal.Domain.TokenManagement;

/// <summary>
/// An immutable copy of a provider's saved token management, as the engine reads it on its hot path. The password stays
/// protected; the engine unprotects it only to build its outbound client.
/// </summary>
public sealed record TokenManagementPolicy
{
    public required Guid ProviderId { get; init; }
    public required Guid Version { get; init; }
    public required DateTime UpdatedAtUtc { get; init; }
    public required bool Enabled { get; init; }
    public required TokenManagementType Type { get; init; }
    public required bool ResourceOwnerRevocation { get; init; }
    public required bool ClientRevocation { get; init; }
    public required string Endpoint { get; init; }
    public required Guid? TlsClientProfileId { get; init; }
    public required ExternalSecurity Security { get; init; }
    public required string Username { get; init; }
    public required string? ProtectedPassword { get; init; }
    public required string RequestHeaderName { get; init; }
    public required string CustomHeaderPattern { get; init; }
    public required ExternalCacheType CacheType { get; init; }
    public required int CacheTtl { get; init; }
    public required bool FailOnError { get; init; }
    public required int TimeoutMs { get; init; }
    public required int PollIntervalSeconds { get; init; }
    public required ClientCredentialsLocation ClientCredentialsLocation { get; init; }
    public required string ClientIdField { get; init; }
    public required string ClientSecretField { get; init; }
    public required TokenStoreKind TokenStore { get; init; }
    public required bool MonitoringEnabled { get; init; }
    public required string MonitoringClientAttribute { get; init; }
    public required bool MonitoringCompositeContext { get; init; }
    public required int PurgeExpiredEverySeconds { get; init; }

    public static TokenManagementPolicy From(TokenManagementSettings s) => new()
    {
        ProviderId = s.ProviderId,
        Version = s.Version,
        UpdatedAtUtc = s.UpdatedAtUtc,
        Enabled = s.Enabled,
        Type = s.Type,
        ResourceOwnerRevocation = s.ResourceOwnerRevocation,
        ClientRevocation = s.ClientRevocation,
        Endpoint = s.Endpoint,
        TlsClientProfileId = s.TlsClientProfileId,
        Security = s.Security,
        Username = s.Username,
        ProtectedPassword = s.ProtectedPassword,
        RequestHeaderName = s.RequestHeaderName,
        CustomHeaderPattern = s.CustomHeaderPattern,
        CacheType = s.CacheType,
        CacheTtl = s.CacheTtl,
        FailOnError = s.FailOnError,
        TimeoutMs = s.TimeoutMs,
        PollIntervalSeconds = s.PollIntervalSeconds,
        ClientCredentialsLocation = s.ClientCredentialsLocation,
        ClientIdField = s.ClientIdField,
        ClientSecretField = s.ClientSecretField,
        TokenStore = s.TokenStore,
        MonitoringEnabled = s.MonitoringEnabled,
        MonitoringClientAttribute = s.MonitoringClientAttribute,
        MonitoringCompositeContext = s.MonitoringCompositeContext,
        PurgeExpiredEverySeconds = s.PurgeExpiredEverySeconds,
    };
}

/// <summary>
/// The published token management of every provider: one immutable map, replaced whole on each save, so a reader
/// never sees half a change and never waits for a writer.
/// </summary>
public sealed class TokenPolicySnapshots : SerialWriter
{
    private ImmutableDictionary<Guid, TokenManagementPolicy> _policies = ImmutableDictionary<Guid, TokenManagementPolicy>.Empty;

    public TokenManagementPolicy? Find(Guid providerId) => Volatile.Read(ref _policies).GetValueOrDefault(providerId);

    public IReadOnlyDictionary<Guid, TokenManagementPolicy> All => Volatile.Read(ref _policies);

    public void Publish(TokenManagementPolicy policy) =>
        ImmutableInterlocked.AddOrUpdate(ref _policies, policy.ProviderId, policy, (_, _) => policy);

    public void Remove(Guid providerId) => ImmutableInterlocked.TryRemove(ref _policies, providerId, out _);

    public void Load(IEnumerable<TokenManagementPolicy> policies) =>
        Volatile.Write(ref _policies, policies.ToImmutableDictionary(p => p.ProviderId));
}
