using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Portal.Domain.TokenManagement;

namespace Portal.External;

/// <summary>
/// Everything one provider's settings version needs to call its external service: the TLS set-up of its profile, the
/// credential, and a resilience pipeline (timeout inside a circuit breaker) that outlives the factory's handler
/// rotation, so a dead service stays "open" across it.
/// </summary>
public sealed class ExternalClientSetup : IDisposable
{
    public required string Name { get; init; }
    public required TokenManagementPolicy Policy { get; init; }
    public required string? Credential { get; init; }
    public required X509Certificate2Collection? TrustedCas { get; init; }
    public required X509Certificate2? ClientCertificate { get; init; }
    public required SslProtocols Protocols { get; init; }
    public required bool CheckHostName { get; init; }
    public required ResiliencePipeline<HttpResponseMessage> Pipeline { get; init; }
    public required CircuitBreakerStateProvider Circuit { get; init; }

    /// <summary>What was wrong with the last certificate the service presented, in plain words.</summary>
    public string? LastCertificateProblem { get; set; }

    public void Dispose()
    {
        ClientCertificate?.Dispose();
        foreach (var certificate in TrustedCas ?? [])
            certificate.Dispose();
    }

    public SocketsHttpHandler CreateHandler(Action<string?>? certificateProblem = null) => new()
    {
        ConnectTimeout = TimeSpan.FromMilliseconds(Policy.TimeoutMs),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        // A resource owner's name may be anything a user is called: send it as UTF-8 rather than refuse it.
        RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = Protocols,
            LocalCertificateSelectionCallback = ClientCertificate is null ? null : (_, _, _, _, _) => ClientCertificate,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                var problem = CertificateProblems.Describe(certificate as X509Certificate2, chain, errors, TrustedCas, CheckHostName);
                LastCertificateProblem = problem;
                certificateProblem?.Invoke(problem);
                return problem is null;
            },
        },
    };
}

/// <summary>
/// The named <see cref="HttpClient"/>s of the external services, one per provider settings version (and TLS profile
/// generation): a saved change gets a new name, hence a new client, built from the saved settings.
/// </summary>
public sealed class ExternalClients(
    IServiceScopeFactory scopes, ISecretProtector secrets, TlsProfileChanges profileChanges, ILogger<ExternalClients> logger)
    : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public const string NamePrefix = "external-token-service:";

    /// <summary>The largest answer read from a service (a validation answer is a few bytes of JSON).</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    /// <summary>How long the set-up of superseded settings is kept: requests that read the old settings still use it.</summary>
    private static readonly long KeepSuperseded = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;

    private readonly ConcurrentDictionary<string, Lazy<Task<ExternalClientSetup>>> _setups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, string> _current = new();
    private readonly ConcurrentDictionary<string, long> _superseded = new(StringComparer.Ordinal);

    /// <summary>The set-up of the policy's version, built once (reading its TLS profile) and kept while it is in use.</summary>
    public async Task<ExternalClientSetup> SetupAsync(TokenManagementPolicy policy)
    {
        var name = NameOf(policy);
        var lazy = _setups.GetOrAdd(name, n => new Lazy<Task<ExternalClientSetup>>(() => BuildAsync(n, policy)));
        ExternalClientSetup setup;
        try
        {
            setup = await lazy.Value;
        }
        catch
        {
            // A failed build (the database busy, a profile just deleted) is tried again by the next call.
            _setups.TryRemove(KeyValuePair.Create(name, lazy));
            throw;
        }
        var previous = _current.GetValueOrDefault(policy.ProviderId);
        if (previous != name)
        {
            _current[policy.ProviderId] = name;
            _superseded.TryRemove(name, out _);
            if (previous is not null)
                _superseded[previous] = Environment.TickCount64;
            Prune();
        }
        return setup;
    }

    /// <summary>Drops the set-ups superseded long enough ago that no request or pooled handler still uses them.</summary>
    private void Prune()
    {
        var now = Environment.TickCount64;
        var current = _current.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, since) in _superseded)
        {
            if (now - since < KeepSuperseded || current.Contains(name) || !_superseded.TryRemove(KeyValuePair.Create(name, since)))
                continue;
            if (_setups.TryRemove(name, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
                lazy.Value.Result.Dispose();
        }
    }

    /// <summary>A set-up for one probe, neither kept nor shared: the caller disposes it.</summary>
    public Task<ExternalClientSetup> BuildDetachedAsync(TokenManagementPolicy policy) => BuildAsync($"{NamePrefix}probe", policy);

    /// <summary>The set-up already built for the policy's current version, if any (no I/O).</summary>
    public ExternalClientSetup? Existing(TokenManagementPolicy policy) =>
        _setups.TryGetValue(NameOf(policy), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    private string NameOf(TokenManagementPolicy policy) =>
        $"{NamePrefix}{policy.ProviderId:N}/{policy.Version:N}/{policy.TlsClientProfileId:N}/{(policy.TlsClientProfileId is { } id ? profileChanges.Generation(id) : 0)}";

    private async Task<ExternalClientSetup> BuildAsync(string name, TokenManagementPolicy policy)
    {
        TlsClientProfile? profile = null;
        if (policy.TlsClientProfileId is { } profileId)
        {
            await using var scope = scopes.CreateAsyncScope();
            profile = await scope.ServiceProvider.GetRequiredService<ITlsProfileStore>().FindAsync(profileId);
        }

        X509Certificate2Collection? trusted = null;
        if (!string.IsNullOrWhiteSpace(profile?.CaCertificatesPem))
        {
            trusted = [];
            trusted.ImportFromPem(profile.CaCertificatesPem);
        }
        X509Certificate2? clientCertificate = null;
        if (profile?.ProtectedClientCertificate is { } protectedCertificate)
        {
            var pkcs12 = Convert.FromBase64String(secrets.Unprotect(SecretPurposes.ClientCertificate(profile.Id), protectedCertificate));
            clientCertificate = X509CertificateLoader.LoadPkcs12(pkcs12, null);
        }

        string? credential = null;
        if (policy.Security == ExternalSecurity.BasicAuthentication && policy.ProtectedPassword is { } protectedPassword)
        {
            var password = secrets.Unprotect(SecretPurposes.ExternalPassword(policy.ProviderId), protectedPassword);
            credential = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{policy.Username}:{password}"));
        }

        var circuit = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            // A service that fails half its calls (at least 5 within 30 s) is left alone for 15 s: requests meanwhile
            // get the fail-on-error answer at once instead of waiting out the timeout each.
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                StateProvider = circuit,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500),
                OnOpened = args =>
                {
                    logger.LogWarning("The token management service of provider {ProviderId} keeps failing: calls stop for {Seconds} s.",
                        policy.ProviderId, args.BreakDuration.TotalSeconds);
                    return default;
                },
            })
            .AddTimeout(TimeSpan.FromMilliseconds(policy.TimeoutMs))
            .Build();

        return new ExternalClientSetup
        {
            Name = name,
            Policy = policy,
            Credential = credential,
            TrustedCas = trusted,
            ClientCertificate = clientCertificate,
            Protocols = profile?.MinimumTlsVersion == TlsVersion.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13,
            CheckHostName = profile?.CheckHostName ?? true,
            Pipeline = pipeline,
            Circuit = circuit,
        };
    }

    public void Configure(HttpClientFactoryOptions options)
    {
    }

    /// <summary>IHttpClientFactory asks for each name once: a name of ours gets its set-up's handler and pipeline.</summary>
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !name.StartsWith(NamePrefix, StringComparison.Ordinal))
            return;
        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            if (!_setups.TryGetValue(name, out var lazy) || !lazy.Value.IsCompletedSuccessfully)
                throw new InvalidOperationException($"No set-up for the external client '{name}'.");
            var setup = lazy.Value.Result;
            builder.PrimaryHandler = setup.CreateHandler();
            builder.AdditionalHandlers.Add(new ResilienceHandler(setup.Pipeline));
        });
        options.HttpClientActions.Add(client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeout rules
            client.MaxResponseContentBufferSize = MaxAnswerBytes;
        });
    }
}
