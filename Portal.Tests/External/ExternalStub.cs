using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.External;

/// <summary>One request as the stub received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, string? ClientCertificateSubject)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the stub answers: a status, a body, an optional Cache-Control, after an optional delay.</summary>
/// <param name="BodyDelay">A pause after the headers are sent, before the body.</param>
public sealed record StubAnswer(int Status, string Body = "", string? CacheControl = null, TimeSpan Delay = default, TimeSpan BodyDelay = default)
{
    public static StubAnswer Active { get; } = new(200, """{"active": true}""");

    public static StubAnswer Revoked { get; } = new(200, """{"active": false, "revoked_at": 1735690000}""");
}

/// <summary>
/// A real external token management service on loopback (Kestrel, HTTP or HTTPS) that records every request and
/// answers as the test says: a notification gets 200 unless told otherwise, a validation <c>{"active": true}</c>.
/// </summary>
public sealed class ExternalStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The answer to a notification (POST).</summary>
    public Func<RecordedRequest, StubAnswer> OnNotify { get; set; } = _ => new StubAnswer(200);

    /// <summary>The answer to a validation check (GET).</summary>
    public Func<RecordedRequest, StubAnswer> OnCheck { get; set; } = _ => StubAnswer.Active;

    public string Endpoint { get; }

    public IEnumerable<RecordedRequest> Checks => Requests.Where(r => r.Method == "GET");

    public IEnumerable<RecordedRequest> Notifications => Requests.Where(r => r.Method == "POST");

    private ExternalStub(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <param name="certificate">Serve HTTPS with this certificate (for localhost); plain HTTP when null.</param>
    /// <param name="requireClientCertificateFrom">Demand a client certificate issued by this CA.</param>
    /// <param name="protocols">The TLS versions the stub accepts (the system's default when null).</param>
    public static async Task<ExternalStub> StartAsync(
        X509Certificate2? certificate = null, X509Certificate2? requireClientCertificateFrom = null, System.Security.Authentication.SslProtocols? protocols = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is null)
                return;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                if (protocols is { } only)
                    https.SslProtocols = only;
                if (requireClientCertificateFrom is { } ca)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (client, _, _) =>
                    {
                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(ca);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        return chain.Build(client);
                    };
                }
            });
        }));
        var app = builder.Build();
        ExternalStub? stub = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var recorded = new RecordedRequest(context.Request.Method, context.Request.Path,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(), context.Connection.ClientCertificate?.Subject);
            stub!.Requests.Enqueue(recorded);
            var answer = recorded.Method == "POST" ? stub.OnNotify(recorded) : stub.OnCheck(recorded);
            if (answer.Delay > TimeSpan.Zero)
                await Task.Delay(answer.Delay, context.RequestAborted).ContinueWith(_ => { });
            if (context.RequestAborted.IsCancellationRequested)
                return;
            context.Response.StatusCode = answer.Status;
            if (answer.CacheControl is not null)
                context.Response.Headers.CacheControl = answer.CacheControl;
            if (answer.Body.Length > 0)
            {
                context.Response.ContentType = "application/json";
                if (answer.BodyDelay > TimeSpan.Zero)
                {
                    await context.Response.StartAsync();
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(answer.BodyDelay, context.RequestAborted).ContinueWith(_ => { });
                    if (context.RequestAborted.IsCancellationRequested)
                        return;
                }
                await context.Response.WriteAsync(answer.Body);
            }
        });
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        stub = new ExternalStub(app, $"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/tokens");
        return stub;
    }

    /// <summary>An endpoint where nothing listens: connection refused.</summary>
    public static string ClosedEndpoint()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/tokens";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
