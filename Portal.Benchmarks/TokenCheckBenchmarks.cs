using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Domain.Clients;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.OAuth;

namespace Portal.Benchmarks;

/// <summary>
/// The engine's in-process "is this token active?" check (<see cref="TokenEngine.IsActive(ProviderRuntime, ReadOnlySpan{char}, out Guid)"/>):
/// parse and verify the self-protected token, check its expiry, find its client among 1,000 in the
/// <see cref="ClientRegistry"/>, find its grant (for a token of a grant) in a real <see cref="DurableGrantStore"/>
/// loaded with 1,000,000 grants, and look it up in a real <see cref="DurableRevocationStore"/> loaded with 1,000,000
/// revocations, both from SQLite. Issue 6 targets: under 1 µs per check, no allocation, under 64 bytes per revocation.
/// </summary>
/// <remarks>
/// The grants are password grants of the benchmark's 1,000 clients, one in 100 revoked (see
/// <see cref="TokenRevocationDatabase"/>). The client-credentials tokens (the "active" and "revoked" rows) carry no
/// grant, so their check skips the grant lookup; the "grant" rows check access tokens of seeded grants. No cut-off is
/// set, as in a provider that never revoked by time.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class TokenCheckBenchmarks
{
    private const int ClientCount = TokenRevocationDatabase.ClientCount;
    private const int SpreadCount = 4_096;
    private const string Scope = TokenRevocationDatabase.Scope;

    private ServiceProvider _services = null!;
    private DurableRevocationStore _revocations = null!;
    private DurableGrantStore _grants = null!;
    private TokenEngine _engine = null!;
    private ProviderRuntime _provider = null!;
    private TokenKeyRing _keyRing = null!;
    private ClientRegistry _clients = null!;
    private TokenPolicySnapshots _policies = null!;
    private byte[] _activeClientId = null!;
    private Guid _activeTokenId;
    private long _issuedAt;
    private long _expiresAt;
    private string _active = null!;
    private string _revoked = null!;
    private string _garbage = null!;
    private string _forged = null!;
    private string[] _revokedSpread = null!;
    private string _liveGrant = null!;
    private string _revokedGrant = null!;
    private string[] _liveGrantSpread = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var connectionString = await TokenRevocationDatabase.EnsureAsync();
        _services = new ServiceCollection()
            .AddDbContext<PortalDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmaInterceptor(5000)))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILogger<DurableRevocationStore>>(NullLogger<DurableRevocationStore>.Instance)
            .AddSingleton<ILogger<DurableGrantStore>>(NullLogger<DurableGrantStore>.Instance)
            .BuildServiceProvider();

        // The real revocation index, loaded the way start-up loads it (never started as a hosted service here).
        _revocations = ActivatorUtilities.CreateInstance<DurableRevocationStore>(_services);
        var clock = Stopwatch.StartNew();
        await _revocations.LoadAsync();
        var loadTime = clock.Elapsed;
        if (_revocations.Count != TokenRevocationDatabase.RevocationCount)
            throw new InvalidOperationException($"The store loaded {_revocations.Count} revocations, not {TokenRevocationDatabase.RevocationCount}.");
        Console.WriteLine($"// Revocation index: {_revocations.Count:N0} entries loaded in {loadTime.TotalSeconds:F1} s");
        await MeasureRevocationMemoryAsync();

        // The real grant store, loaded the same way.
        _grants = ActivatorUtilities.CreateInstance<DurableGrantStore>(_services);
        clock.Restart();
        await _grants.LoadAsync();
        loadTime = clock.Elapsed;
        if (_grants.Count != TokenRevocationDatabase.GrantCount)
            throw new InvalidOperationException($"The store loaded {_grants.Count} grants, not {TokenRevocationDatabase.GrantCount}.");
        Console.WriteLine($"// Grants: {_grants.Count:N0} loaded in {loadTime.TotalSeconds:F1} s");
        await MeasureGrantMemoryAsync();

        var now = DateTime.UtcNow;
        var provider = OAuthProvider.Create(new ProviderInput
        {
            Title = "Orders",
            Name = "orders",
            GrantTypes = GrantTypes.Application | GrantTypes.Password,
            ClientTypes = ClientTypes.Confidential,
            Scopes = [new ScopeInput { Name = "orders:read" }, new ScopeInput { Name = "orders:write" }],
            RefreshTokensEnabled = true,
            RefreshTokenTtl = TokenRevocationDatabase.GrantLifetimeSeconds,
        }, now);
        var providers = new ProviderSnapshots();
        providers.Publish(provider);
        // The provider and its clients get the ids the seeded rows carry (the domain makes new random ones), so the
        // grants are those of these clients. The engine's check never reads the published provider, only this one.
        _provider = (providers.Find(provider.Name) ?? throw new InvalidOperationException("The provider was not published."))
            with
        { Id = TokenRevocationDatabase.ProviderId };

        var clients = _clients = new ClientRegistry();
        var applications = Enumerable.Range(0, ClientCount)
            .Select(i => ClientSnapshot.From(ClientApplication.Create(_provider.Id, new ClientInput
            {
                Name = $"Client {i}",
                GrantTypes = GrantTypes.Application | GrantTypes.Password,
                Scopes = ["orders:read", "orders:write"],
            }, now)) with
            { ClientId = TokenRevocationDatabase.ClientIds[i] })
            .ToList();
        clients.Load(applications);

        var policies = _policies = new TokenPolicySnapshots();
        policies.Publish(TokenManagementPolicy.From(TokenManagementSettings.Default(_provider.Id)) with
        {
            Version = Guid.NewGuid(),
            UpdatedAtUtc = now,
            Enabled = true,
            Type = TokenManagementType.Native,
            ClientRevocation = true,
        });

        _keyRing = new TokenKeyRing([new TokenKey(1, RandomNumberGenerator.GetBytes(32))]);
        var keys = new TokenKeys();
        keys.Load(_keyRing);

        _engine = new TokenEngine(providers, clients, policies, keys, _revocations, _grants, new TokenCutoffs(),
            new IssuedTokenCounter(TimeProvider.System), NoExternalService.Management, new Portal.Domain.Engine.External.RevocationLists(), TimeProvider.System);

        // A day of validity: longer than any run, so no token expires in the middle of one.
        var issuedAt = _issuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expiresAt = _expiresAt = issuedAt + 24 * 3600;
        string Issue(Guid tokenId, int client) =>
            TokenCodec.Issue(_keyRing.Current, TokenKind.Access, tokenId, Guid.Empty, issuedAt, expiresAt, applications[client].ClientId, Scope);
        // An access token of a seeded grant, as the engine issues them (TokenEngine.Respond): a new token id, the grant's.
        string IssueOfGrant((Guid Id, string ClientId) grant) =>
            TokenCodec.Issue(_keyRing.Current, TokenKind.Access, Guid.NewGuid(), grant.Id, issuedAt, expiresAt, grant.ClientId, Scope);

        _activeTokenId = Guid.NewGuid();
        _activeClientId = Encoding.ASCII.GetBytes(applications[ClientCount / 2].ClientId);
        _active = Issue(_activeTokenId, ClientCount / 2);
        var revokedIds = await TokenRevocationDatabase.SampleTokenIdsAsync(connectionString, SpreadCount);
        _revoked = Issue(revokedIds[SpreadCount / 2], ClientCount / 3);
        _revokedSpread = [.. revokedIds.Select((id, i) => Issue(id, i % ClientCount))];
        var liveGrants = await TokenRevocationDatabase.SampleGrantsAsync(connectionString, SpreadCount, revoked: false);
        _liveGrant = IssueOfGrant(liveGrants[SpreadCount / 2]);
        _liveGrantSpread = [.. liveGrants.Select(IssueOfGrant)];
        var revokedGrants = await TokenRevocationDatabase.SampleGrantsAsync(connectionString, 16, revoked: true);
        _revokedGrant = IssueOfGrant(revokedGrants[8]);

        // Garbage: random base64url of the same length, so it decodes in full and is refused on its contents.
        var decoded = Base64Url.DecodeFromChars(_active);
        var random = new Random(6);
        var noise = new byte[decoded.Length];
        random.NextBytes(noise);
        _garbage = Base64Url.EncodeToString(noise);
        // Forged: the active token with one scope byte changed and the old MAC: refused only after the full HMAC.
        decoded[^40] ^= 1;
        _forged = Base64Url.EncodeToString(decoded);

        Check(nameof(ActiveToken), ActiveToken(), true);
        Check(nameof(RevokedToken), RevokedToken(), false);
        Check(nameof(Garbage), Garbage(), false);
        Check(nameof(ForgedMac), ForgedMac(), false);
        Check(nameof(TryReadOnly), TryReadOnly() == expiresAt, true);
        Check(nameof(RevokedSpread), RevokedSpread() == SpreadCount, true);
        Check(nameof(LookupsAfterMac), LookupsAfterMac(), true);
        Check(nameof(LiveGrant), LiveGrant(), true);
        Check(nameof(RevokedGrant), RevokedGrant(), false);
        Check(nameof(LiveGrantSpread), LiveGrantSpread() == SpreadCount, true);
        Check("a token of a grant the store lacks",
            _engine.IsActive(_provider, IssueOfGrant((Guid.NewGuid(), applications[0].ClientId)), out _), false);
        Check("the live grant is in the store, unrevoked", _grants.Find(liveGrants[SpreadCount / 2].Id) is { RevokedAt: null }, true);
        Check("the revoked grant is in the store, revoked", _grants.Find(revokedGrants[8].Id) is { RevokedAt: not null }, true);
        Console.WriteLine($"// Tokens: {_active.Length} characters ({decoded.Length} bytes decoded), of a grant {_liveGrant.Length}; " +
            $"{ClientCount} clients; {_revocations.Count:N0} revocations; {_grants.Count:N0} grants " +
            $"({_grants.OfProvider(_provider.Id).Count(g => g.RevokedAt is not null):N0} revoked); " +
            $"{SpreadCount} different tokens for each spread benchmark");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _revocations.Dispose();
        _grants.Dispose();
        await _services.DisposeAsync();
    }

    [Benchmark(Description = "IsActive: active token")]
    public bool ActiveToken() => _engine.IsActive(_provider, _active, out _);

    [Benchmark(Description = "IsActive: revoked token")]
    public bool RevokedToken() => _engine.IsActive(_provider, _revoked, out _);

    /// <summary>
    /// A different revoked token on each call, spread over the 1,000,000 entries: the index does not stay in the CPU
    /// cache as it does for one token checked again and again.
    /// </summary>
    [Benchmark(OperationsPerInvoke = SpreadCount, Description = "IsActive: revoked, 4,096 different tokens")]
    public int RevokedSpread()
    {
        var refused = 0;
        foreach (var token in _revokedSpread)
        {
            if (!_engine.IsActive(_provider, token, out _))
                refused++;
        }
        return refused;
    }

    [Benchmark(Description = "IsActive: access token of a live grant")]
    public bool LiveGrant() => _engine.IsActive(_provider, _liveGrant, out _);

    [Benchmark(Description = "IsActive: access token of a revoked grant")]
    public bool RevokedGrant() => _engine.IsActive(_provider, _revokedGrant, out _);

    /// <summary>Access tokens of 4,096 different live grants, spread over the 1,000,000: the grant lookup misses the CPU cache.</summary>
    [Benchmark(OperationsPerInvoke = SpreadCount, Description = "IsActive: live grants, 4,096 different tokens")]
    public int LiveGrantSpread()
    {
        var active = 0;
        foreach (var token in _liveGrantSpread)
        {
            if (_engine.IsActive(_provider, token, out _))
                active++;
        }
        return active;
    }

    [Benchmark(Description = "IsActive: garbage")]
    public bool Garbage() => _engine.IsActive(_provider, _garbage, out _);

    [Benchmark(Description = "IsActive: forged MAC")]
    public bool ForgedMac() => _engine.IsActive(_provider, _forged, out _);

    [Benchmark(Description = "TokenCodec.TryRead alone")]
    public long TryReadOnly()
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        return TokenCodec.TryRead(_active, _keyRing, buffer, out var view) ? view.ExpiresAt : 0;
    }

    /// <summary>
    /// For reference: what <see cref="TokenEngine.IsActive(ProviderRuntime, ReadOnlySpan{char}, out Guid)"/> does after
    /// the MAC, for the active token, through the same public calls (clock, client id to chars, client lookup by span,
    /// the two policy lookups, the revocation lookup). A copy of the engine's steps, so it drifts if they change.
    /// </summary>
    [Benchmark(Description = "Reference: the lookups after the MAC")]
    public bool LookupsAfterMac()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        if (_expiresAt <= now || _issuedAt > now + 60 || _policies.Find(_provider.Id) is { Enabled: true, Type: TokenManagementType.External, FailOnError: true })
            return false;
        Span<char> clientId = stackalloc char[TokenCodec.MaxClientIdLength];
        var length = Encoding.ASCII.GetChars(_activeClientId, clientId);
        var client = _clients.Find(clientId[..length]);
        if (client is null || !client.Enabled || client.ProviderId != _provider.Id)
            return false;
        return _policies.Find(_provider.Id) is not { Enabled: true } || !_revocations.IsRevoked(_activeTokenId);
    }

    private static void Check(string benchmark, bool actual, bool expected)
    {
        if (actual != expected)
            throw new InvalidOperationException($"{benchmark} gives {actual}, not {expected}: the setup is wrong.");
    }

    /// <summary>
    /// The heap a loaded index takes per entry: a second store loads the same 1,000,000 revocations, and the live heap
    /// after a full collection is compared with the one before. Printed, not timed.
    /// </summary>
    private async Task MeasureRevocationMemoryAsync()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var second = ActivatorUtilities.CreateInstance<DurableRevocationStore>(_services);
        await second.LoadAsync();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perEntry = (double)(after - before) / second.Count;
        Console.WriteLine($"// Revocation index memory: {(after - before) / 1024.0 / 1024.0:F1} MB for {second.Count:N0} entries = " +
            $"{perEntry:F1} bytes per entry (target < 64)");
        if (BucketCount(second) is { } buckets)
        {
            Console.WriteLine($"//   ConcurrentDictionary<Guid, long>: {buckets:N0} buckets ({8.0 * buckets / second.Count:F1} bytes per entry) " +
                $"+ one node object per entry (the rest)");
        }
        GC.KeepAlive(second);
        second.Dispose();
    }

    /// <summary>
    /// The heap the loaded grants take per grant, measured the same way: a second store loads the same 1,000,000 grants.
    /// Each is a <see cref="Grant"/> record with its own strings (client id, owner, scope, grant type) as EF Core
    /// materializes them, plus its dictionary node and bucket. Printed, not timed.
    /// </summary>
    private async Task MeasureGrantMemoryAsync()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var second = ActivatorUtilities.CreateInstance<DurableGrantStore>(_services);
        await second.LoadAsync();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perGrant = (double)(after - before) / second.Count;
        Console.WriteLine($"// Grant memory: {(after - before) / 1024.0 / 1024.0:F1} MB for {second.Count:N0} grants = {perGrant:F1} bytes per grant");
        if (BucketCount<Guid, Grant>(second, "_grants") is { } buckets)
        {
            Console.WriteLine($"//   ConcurrentDictionary<Guid, Grant>: {buckets:N0} buckets ({8.0 * buckets / second.Count:F1} bytes per grant) " +
                $"+ one node, one Grant and its strings per grant (the rest)");
        }
        GC.KeepAlive(second);
        second.Dispose();
    }

    /// <summary>The bucket count of the store's dictionary, read by reflection; null when the runtime's layout differs.</summary>
    private static int? BucketCount(DurableRevocationStore store) => BucketCount<Guid, long>(store, "_revoked");

    private static int? BucketCount<TKey, TValue>(object store, string field)
        where TKey : notnull
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var dictionary = store.GetType().GetField(field, Private)?.GetValue(store) as ConcurrentDictionary<TKey, TValue>;
        var tables = typeof(ConcurrentDictionary<TKey, TValue>).GetField("_tables", Private)?.GetValue(dictionary);
        return (tables?.GetType().GetField("_buckets", Private | BindingFlags.Public)?.GetValue(tables) as Array)?.Length;
    }
}

/// <summary>The providers here are Native: the engine never calls an external service, and must not.</summary>
internal sealed class NoExternalService : Portal.Domain.Engine.External.IExternalTokenService, Portal.Domain.Engine.External.IExternalAnswerCache
{
    public static readonly Portal.Domain.Engine.External.ExternalTokenManagement Management =
        new(new NoExternalService(), new NoExternalService(), new Portal.Domain.Engine.External.ExternalStatistics(), TimeProvider.System);

    public Task<Portal.Domain.Engine.External.ExternalAnswer> NotifyAsync(
        Portal.Domain.Engine.External.ExternalCall call, Portal.Domain.Engine.External.ExternalNotification notification, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<Portal.Domain.Engine.External.ExternalAnswer> CheckAsync(
        Portal.Domain.Engine.External.ExternalCall call, Portal.Domain.Engine.External.ArtifactCheck check, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<Portal.Domain.Engine.External.ProbeResult> ProbeAsync(TokenManagementPolicy policy, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public string CircuitState(TokenManagementPolicy policy) => throw new NotSupportedException();

    public Task<(IReadOnlyList<Portal.Domain.Engine.External.RevocationListEntry>? Entries, string? Problem)> FetchRevocationListAsync(
        TokenManagementPolicy policy, CancellationToken ct = default) => throw new NotSupportedException();

    public bool TryGet(string key, out bool active) => throw new NotSupportedException();

    public void Set(string key, bool active, DateTimeOffset until) => throw new NotSupportedException();
}
