using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Http;

/// <summary>
/// Starts the built portal as its own process, as <c>dotnet run --project Portal</c> does, on an empty database:
/// it must log its address and the first Owner's credentials, and serve the styled sign-in page.
/// </summary>
public sealed partial class ProcessStartTests : IDisposable
{
    // A folder of its own, as a fresh clone would be: the default data/portal.db is created under it.
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("portal-start-").FullName;

    [Fact]
    public async Task FreshStart_LogsUrlAndOwnerCredentials_AndServesTheSignInPage()
    {
        var portalDll = Path.Combine(RepositoryRoot(), "Portal", "bin", BuildConfiguration(), "net10.0", "Portal.dll");
        Assert.True(File.Exists(portalDll), $"{portalDll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet", [portalDll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = _contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Bootstrap__OwnerEmail"] = "",
                ["Bootstrap__OwnerPassword"] = "",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        using var process = Process.Start(start)!;
        var output = new List<string>();
        try
        {
            string? url = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (url is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.Add(line);
                if (ListeningOn().Match(line) is { Success: true } match)
                    url = match.Groups["url"].Value;
            }

            Assert.True(url is not null, "No 'Now listening on' line:\n" + string.Join("\n", output));
            var log = string.Join(" ", output);
            Assert.Matches(@"Sign in with e-mail owner@portal\.local and password \S{24}\.", log);
            Assert.Contains("change it after signing in", log);

            using var client = new HttpClient { BaseAddress = new Uri(url) };
            var response = await client.GetAsync("/account/login");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Sign in to Portal", html);
            Assert.Contains("_content/MudBlazor/MudBlazor.min", html);
            Assert.True(File.Exists(Path.Combine(_contentRoot, "data", "portal.db")), "data/portal.db was not created under the content root");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }

    // The tests run from Portal.Tests/bin/<Configuration>/net10.0/; the portal was built with the same configuration.
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningOn();
}
