using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Portal.Domain.Engine.External;
using Portal.Domain.TokenManagement;

namespace Portal.External;

/// <summary>
/// Spec §5 over HTTP: the notification POST and the validation GET, each with the provider's credential, forwarded
/// headers, TLS profile, timeout and circuit breaker. Any failure becomes an <see cref="ExternalVerdict.Failed"/>
/// answer with its reason in plain words; what the engine does with it is the provider's fail-on-error setting.
/// </summary>
public sealed class HttpExternalTokenService(IHttpClientFactory factory, ExternalClients clients, ILogger<HttpExternalTokenService> logger)
    : IExternalTokenService
{
    /// <summary>The token a connection test asks about: one the service cannot know.</summary>
    public const string ProbeToken = "portal-connection-test";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<ExternalAnswer> NotifyAsync(ExternalCall call, ExternalNotification notification, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Policy.Endpoint)
        {
            Content = new StringContent(notification.ToJsonString(), System.Text.Encoding.UTF8) { Headers = { ContentType = Json } },
        };
        request.Headers.CacheControl = new CacheControlHeaderValue { NoTransform = true };
        return await SendAsync(call, request, (status, _, _) => ExternalAnswer.OfNotification(status), ct);
    }

    public async Task<ExternalAnswer> CheckAsync(ExternalCall call, ArtifactCheck check, CancellationToken ct = default)
    {
        using var request = CheckRequest(call.Policy.Endpoint, check);
        return await SendAsync(call, request, (status, body, cache) =>
            ExternalAnswer.OfValidation(status, body, cache?.MaxAge, cache is { NoStore: true } or { NoCache: true }), ct);
    }

    private static HttpRequestMessage CheckRequest(string endpoint, ArtifactCheck check)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        // Validated: a value with a line break is refused, never sent as a second header. Non-ASCII goes out as UTF-8.
        foreach (var (name, value) in check.Headers())
            request.Headers.Add(name, value);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static void AddCallHeaders(HttpRequestMessage request, ExternalClientSetup setup, IReadOnlyList<KeyValuePair<string, string>> forwarded)
    {
        foreach (var (name, value) in forwarded)
            request.Headers.TryAddWithoutValidation(name, value);
        if (setup.Credential is { } credential)
        {
            request.Headers.Remove(setup.Policy.RequestHeaderName);
            request.Headers.TryAddWithoutValidation(setup.Policy.RequestHeaderName, credential);
        }
    }

    private async Task<ExternalAnswer> SendAsync(
        ExternalCall call, HttpRequestMessage request, Func<int, string?, CacheControlHeaderValue?, ExternalAnswer> read, CancellationToken ct)
    {
        ExternalClientSetup? setup = null;
        try
        {
            setup = await clients.SetupAsync(call.Policy);
            AddCallHeaders(request, setup, call.ForwardedHeaders);
            // The pipeline's timeout ends at the headers; this one also covers a body that never comes.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(call.Policy.TimeoutMs));
            using var response = await factory.CreateClient(setup.Name).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var answer = read((int)response.StatusCode, body, response.Headers.CacheControl);
            if (answer.Verdict == ExternalVerdict.Failed)
                logger.LogWarning("The token management service of provider {ProviderId}: {Problem}", call.Policy.ProviderId, answer.Problem);
            return answer;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
            var problem = Explain(e, setup, call.Policy.TimeoutMs);
            logger.LogWarning("The token management service of provider {ProviderId} could not be asked: {Problem}", call.Policy.ProviderId, problem);
            return ExternalAnswer.Failed(problem);
        }
    }

    /// <summary>A failed call in plain words, naming the stage it failed at.</summary>
    private static string Explain(Exception e, ExternalClientSetup? setup, int timeoutMs) => e switch
    {
        BrokenCircuitException => "The service failed repeatedly, so calls are paused for a few seconds (circuit open).",
        TimeoutRejectedException or TaskCanceledException or OperationCanceledException => $"No answer within {timeoutMs} ms.",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "The service's host name could not be resolved (DNS).",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } h => Connection(h),
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } h => $"TLS: {Handshake(setup, setup?.LastCertificateProblem, h)}",
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } =>
            $"The service's answer is larger than {ExternalClients.MaxAnswerBytes / 1024} KB.",
        HttpRequestException h when h.InnerException is AuthenticationException => $"TLS: {Handshake(setup, setup?.LastCertificateProblem, h)}",
        HttpRequestException h when setup?.Policy.Endpoint.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true
            && (h.HttpRequestError == HttpRequestError.ResponseEnded || h.InnerException is IOException) => $"TLS: {ClosedOverTls(h)}",
        HttpRequestException h => $"HTTP: {h.Message}",
        System.Security.Cryptography.CryptographicException => "The TLS profile's certificates could not be loaded: save the profile again.",
        _ => $"The call failed: {e.Message}",
    };

    /// <summary>A failed handshake: the certificate's problem when there was one, else what the versions allow.</summary>
    private static string Handshake(ExternalClientSetup? setup, string? certificateProblem, HttpRequestException e)
    {
        if (certificateProblem is not null)
            return certificateProblem;
        var versions = setup?.Protocols == SslProtocols.Tls13 ? "TLS 1.3 only" : "TLS 1.2 and 1.3";
        return $"the handshake failed before a certificate was checked: the profile allows {versions}, and the service may support none of them, "
            + $"or refused the client certificate ({(e.InnerException ?? e).Message.TrimEnd('.')}).";
    }

    /// <summary>Over TLS 1.3 a service refuses a client certificate after the handshake: the request just ends.</summary>
    private static string ClosedOverTls(HttpRequestException e) =>
        "the service closed the connection during the request. Over TLS 1.3 that is how a service refuses a client certificate: "
        + $"it may require one the TLS profile does not present, or not trust the one it does ({(e.InnerException ?? e).Message.TrimEnd('.')}).";

    private static string Connection(HttpRequestException e) => (e.InnerException as SocketException)?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "Nothing accepts connections at the service's address and port (connection refused).",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "The service's address cannot be reached from here (no route).",
        SocketError.TimedOut => "The connection to the service timed out.",
        SocketError.HostNotFound or SocketError.NoData => "The service's host name could not be resolved (DNS).",
        _ => $"The connection to the service failed: {e.Message}",
    };

    /// <summary>The largest v5 revocation list read, in bytes.</summary>
    public const int MaxListBytes = RevocationListDocument.MaxCharacters;

    public async Task<(IReadOnlyList<RevocationListEntry>? Entries, string? Problem)> FetchRevocationListAsync(
        TokenManagementPolicy policy, CancellationToken ct = default)
    {
        ExternalClientSetup? setup = null;
        try
        {
            setup = await clients.SetupAsync(policy);
            using var request = new HttpRequestMessage(HttpMethod.Get, policy.Endpoint);
            // Spec §5.3, kept for the services that expect them.
            request.Headers.TryAddWithoutValidation("User-Agent", "IBM-APIManagement/4.0");
            request.Headers.TryAddWithoutValidation("Accept", "application/xml; text/xml");
            AddCallHeaders(request, setup, []);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(policy.TimeoutMs) * 2);
            using var response = await factory.CreateClient(setup.Name).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
                return Refused(policy, $"The service answered HTTP {(int)response.StatusCode}, not 200.");
            if (response.Content.Headers.ContentLength > MaxListBytes)
                return Refused(policy, $"The list is larger than {MaxListBytes / (1024 * 1024)} MB.");
            // Read at most the limit (a missing or false Content-Length does not get past it), then parse.
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > MaxListBytes)
                    return Refused(policy, $"The list is larger than {MaxListBytes / (1024 * 1024)} MB.");
                buffer.Write(chunk, 0, read);
            }
            buffer.Position = 0;
            var (entries, problem) = RevocationListDocument.Parse(buffer);
            return problem is null ? (entries, null) : Refused(policy, problem);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return Refused(policy, Explain(e, setup, policy.TimeoutMs));
        }
    }

    private (IReadOnlyList<RevocationListEntry>? Entries, string? Problem) Refused(TokenManagementPolicy policy, string problem)
    {
        logger.LogWarning("The revocation list of provider {ProviderId} was not applied (the last good one stays in force): {Problem}", policy.ProviderId, problem);
        return (null, problem);
    }

    public string CircuitState(TokenManagementPolicy policy) => clients.Existing(policy)?.Circuit.CircuitState switch
    {
        null => "not used yet",
        Polly.CircuitBreaker.CircuitState.Closed => "closed",
        Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated => "open",
        Polly.CircuitBreaker.CircuitState.HalfOpen => "half-open",
        _ => "unknown",
    };

    public async Task<ProbeResult> ProbeAsync(TokenManagementPolicy policy, CancellationToken ct = default)
    {
        // A set-up of its own, disposed after: the settings tested may not be saved yet, and must not replace the engine's.
        ExternalClientSetup setup;
        try
        {
            setup = await clients.BuildDetachedAsync(policy);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The connection settings of provider {ProviderId} could not be prepared.", policy.ProviderId);
            return new ProbeResult(ProbeStage.Tls, false, null, 0,
                e is System.Security.Cryptography.CryptographicException or FormatException
                    ? "The TLS profile's certificates could not be loaded: save the profile again."
                    : "The connection settings could not be prepared (see the log); try again.");
        }

        // A client of its own, outside the circuit breaker: the administrator sees the real outcome every time.
        using var owned = setup;
        string? certificateProblem = null;
        using var handler = setup.CreateHandler(problem => certificateProblem = problem);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(policy.TimeoutMs), MaxResponseContentBufferSize = ExternalClients.MaxAnswerBytes };
        using var request = CheckRequest(policy.Endpoint, new ArtifactCheck(ArtifactKind.AccessToken, ProbeToken, "portal-connection-test", "portal-connection-test", "", 0));
        AddCallHeaders(request, setup, []);
        var secure = request.RequestUri!.Scheme == Uri.UriSchemeHttps;
        var started = Stopwatch.GetTimestamp();
        double Elapsed() => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        try
        {
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var latency = Elapsed();
            var status = (int)response.StatusCode;
            var answer = ExternalAnswer.OfValidation(status, body);
            var reached = secure ? "DNS, TCP and TLS passed" : "DNS and TCP passed (plain HTTP, no TLS)";
            if (status != 200)
                return new ProbeResult(ProbeStage.Http, false, status, latency, $"{reached}; the service answered HTTP {status}, not 200.");
            if (answer.Verdict == ExternalVerdict.Failed)
                return new ProbeResult(ProbeStage.Answer, false, status, latency, $"{reached}; {answer.Problem}");
            var verdict = answer.Verdict == ExternalVerdict.Allowed ? "active" : "revoked";
            return new ProbeResult(ProbeStage.Passed, true, status, latency,
                $"{reached}; the service answered HTTP 200 in {latency} ms and called a test token {verdict}.");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var latency = Elapsed();
            return e switch
            {
                HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
                    new ProbeResult(ProbeStage.Dns, false, null, latency, $"DNS: the host name '{request.RequestUri.Host}' could not be resolved."),
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } h when (h.InnerException as SocketException)?.SocketErrorCode
                    is SocketError.HostNotFound or SocketError.NoData =>
                    new ProbeResult(ProbeStage.Dns, false, null, latency, $"DNS: the host name '{request.RequestUri.Host}' could not be resolved."),
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } h =>
                    new ProbeResult(ProbeStage.Tcp, false, null, latency, $"TCP: {Connection(h)}"),
                HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } h =>
                    new ProbeResult(ProbeStage.Tls, false, null, latency, $"TLS: {Handshake(setup, certificateProblem, h)}"),
                HttpRequestException h when h.InnerException is AuthenticationException =>
                    new ProbeResult(ProbeStage.Tls, false, null, latency, $"TLS: {Handshake(setup, certificateProblem, h)}"),
                HttpRequestException h when secure && (h.HttpRequestError == HttpRequestError.ResponseEnded || h.InnerException is IOException) =>
                    new ProbeResult(ProbeStage.Tls, false, null, latency, $"TLS: {ClosedOverTls(h)}"),
                TaskCanceledException or TimeoutException =>
                    new ProbeResult(ProbeStage.Http, false, null, latency, $"No answer within {policy.TimeoutMs} ms."),
                _ => new ProbeResult(ProbeStage.Http, false, null, latency, $"HTTP: {e.Message}"),
            };
        }
    }
}
