using System.Diagnostics;
using System.Text.Json;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Tests.Audit;
using Portal.Tests.Http;
using Portal.Tests.OAuth;

namespace Portal.Tests.Cli;

/// <summary><c>Portal.dll seed-demo</c>, as bench/load.sh runs it: a provider once, a new client each time, ready to use.</summary>
public sealed class DemoSeedTests : IDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "portal-tests", $"{Guid.NewGuid():N}.db");

    public void Dispose() => PortalFactory.DeleteDatabase(_databasePath);

    [Fact]
    public async Task SeedDemo_TwiceOnAFreshDatabase_MakesOneProviderAndTwoClients_ThatGetIntrospectAndRevokeTokens()
    {
        var first = await RunAsync("seed-demo", "--provider", "load-test");
        var second = await RunAsync("seed-demo", "--provider=load-test", "--json");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        var one = Client(first.Output, json: false);
        var two = Client(second.Output, json: true);
        Assert.NotEqual(one.ClientId, two.ClientId);

        using var app = new EngineApp(_databasePath);
        foreach (var client in new[] { one, two })
        {
            var token = await app.TokenAsync("load-test", client);
            Assert.True((await app.IntrospectAsync("load-test", client, token)).GetProperty("active").GetBoolean());
            var revoked = await app.PostAsync("/load-test/oauth2/revoke", client, ("token", token));
            Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync());
            Assert.False((await app.IntrospectAsync("load-test", client, token)).GetProperty("active").GetBoolean());
        }

        var records = (await AuditLog.AllAsync(app)).Where(r => r.EntityType != AuditEntityTypes.Member).ToList();
        Assert.Equal(
            [(AuditEntityTypes.Provider, "load-test"), (AuditEntityTypes.TokenManagement, "load-test"),
             (AuditEntityTypes.ClientApplication, one.ClientId), (AuditEntityTypes.ClientApplication, two.ClientId)],
            records.Select(r => (r.EntityType, r.EntityType == AuditEntityTypes.ClientApplication ? ClientIdOf(r) : r.EntityName)));
        Assert.Equal([AuditActions.Created, AuditActions.Updated, AuditActions.Created, AuditActions.Created], records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal(AuditEntry.System, r.ActorId));
        Assert.True((await AuditLog.VerifyAsync(app)).Intact);
    }

    [Fact]
    public async Task SeedDemo_WithAnUnknownArgument_ExitsWith2_AndSaysHowToUseIt()
    {
        var run = await RunAsync("seed-demo", "--provder", "x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unexpected argument '--provder'", run.Output);
        Assert.Contains("Usage: seed-demo [--provider NAME] [--json]", run.Output);
    }

    private static string ClientIdOf(AuditRecord record) =>
        JsonDocument.Parse(record.AfterJson).RootElement.GetProperty("ClientId").GetString()!;

    private static IssuedSecret Client(string output, bool json)
    {
        if (json)
        {
            var line = output.Split('\n').Single(l => l.StartsWith('{'));
            var root = JsonDocument.Parse(line).RootElement;
            Assert.Equal("load-test", root.GetProperty("provider").GetString());
            return new IssuedSecret(Guid.Empty, root.GetProperty("client_id").GetString()!, root.GetProperty("client_secret").GetString());
        }
        string Value(string key) => output.Split('\n').Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..].Trim();
        Assert.Equal("load-test", Value("PROVIDER"));
        return new IssuedSecret(Guid.Empty, Value("CLIENT_ID"), Value("CLIENT_SECRET"));
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_databasePath)!,
        };
        start.Environment["Database__Path"] = _databasePath;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        Directory.CreateDirectory(start.WorkingDirectory);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
