using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Http;

/// <summary>
/// The real app on a real SQLite file of its own, with a configured first Owner.
/// Pass a database path to start a second app on the same file (a restart).
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string OwnerEmail = "owner@test.local";
    public const string OwnerPassword = "correct horse battery";

    private readonly bool _ownsDatabase;
    private readonly Dictionary<string, string?> _settings;

    public PortalFactory() : this(databasePath: null, configureOwner: true)
    {
    }

    internal PortalFactory(string? databasePath, bool configureOwner, string ownerEmail = OwnerEmail)
    {
        _ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), "portal-tests", $"{Guid.NewGuid():N}.db");
        _settings = new()
        {
            ["Database:Path"] = DatabasePath,
            ["Bootstrap:OwnerEmail"] = configureOwner ? ownerEmail : "",
            ["Bootstrap:OwnerPassword"] = configureOwner ? OwnerPassword : "",
            // Open pages pick up role changes within a second, so browser tests need not wait half a minute.
            ["Access:RevalidationInterval"] = "00:00:01",
        };
    }

    public string DatabasePath { get; }

    /// <summary>Every message the app logged, formatted.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CollectingLoggerProvider(Logs)));
        builder.ConfigureServices(ConfigureServices);
        // TestServer has no socket, so no remote address: give requests the loopback address Kestrel would.
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, LoopbackClientFilter>());
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
            DeleteDatabase(DatabasePath);
    }

    public static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
    }

    /// <summary>A request header that sets the request's remote address (tests only).</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private sealed class LoopbackClientFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // A test may play a client elsewhere on the network.
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(RemoteAddressHeader, out var address)
                    ? System.Net.IPAddress.Parse(address.ToString())
                    : context.Connection.RemoteIpAddress ?? System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CollectingLogger(sink);

        public void Dispose()
        {
        }
    }

    private sealed class CollectingLogger(ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue(formatter(state, exception));
    }
}
