using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Providers;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Audit;

/// <summary>Someone with the database file edits it directly: "Verify history" names the first record that no longer fits.</summary>
public sealed class TamperEvidenceTests : IDisposable
{
    private readonly PortalFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task SeedAsync(int providers)
    {
        for (var i = 0; i < providers; i++)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider($"Provider {i}"));
            Assert.True(created.IsSuccess, created.Message);
        }
        var verdict = await AuditLog.VerifyAsync(_app);
        Assert.Equal((true, providers + 1, $"intact, {providers + 1} records"), (verdict.Intact, verdict.Count, verdict.Message));
    }

    [Fact]
    public async Task EditingOneRecordsJson_IsReportedAtThatRecord()
    {
        await SeedAsync(4);

        await AuditLog.TamperAsync(_app, "UPDATE AuditRecords SET AfterJson = replace(AfterJson, '3600', '60') WHERE Sequence = 3");

        var verdict = await AuditLog.VerifyAsync(_app);
        Assert.False(verdict.Intact);
        Assert.Equal(3, verdict.BrokenAt);
        Assert.Equal("broken at record 3 was changed after it was written", verdict.Message);
    }

    [Fact]
    public async Task DeletingARecord_IsReportedWhereTheGapIs()
    {
        await SeedAsync(4);

        await AuditLog.TamperAsync(_app, "DELETE FROM AuditRecords WHERE Sequence = 2");

        var verdict = await AuditLog.VerifyAsync(_app);
        Assert.Equal((false, 3L), (verdict.Intact, verdict.BrokenAt));
        Assert.Contains("record 3 follows record 1", verdict.Message);
    }

    [Fact]
    public async Task ReorderingRecords_IsReported()
    {
        await SeedAsync(4);

        // Swap records 2 and 3 by their sequence numbers (each keeps its own, now misplaced, hash).
        await AuditLog.TamperAsync(_app, """
            UPDATE AuditRecords SET Sequence = -2 WHERE Sequence = 2;
            UPDATE AuditRecords SET Sequence = 2 WHERE Sequence = 3;
            UPDATE AuditRecords SET Sequence = 3 WHERE Sequence = -2;
            """);

        var verdict = await AuditLog.VerifyAsync(_app);
        Assert.Equal((false, 2L), (verdict.Intact, verdict.BrokenAt));
    }

    [Fact]
    public async Task RewritingARecordAndItsHash_IsReportedAtTheNextRecord()
    {
        await SeedAsync(4);
        var third = (await AuditLog.AllAsync(_app))[2];
        var forged = third with { EntityName = "Forged" };
        forged = forged with { Hash = Portal.Domain.Audit.AuditChain.ComputeHash(forged) };

        await AuditLog.TamperAsync(_app, $"UPDATE AuditRecords SET EntityName = 'Forged', Hash = '{forged.Hash}' WHERE Sequence = 3");

        var verdict = await AuditLog.VerifyAsync(_app);
        Assert.Equal((false, 4L), (verdict.Intact, verdict.BrokenAt));
    }

    [Fact]
    public async Task VerifyAuditSwitch_OfTheBuiltApp_ReportsIntactOrTheBrokenRecord_WithItsExitCode()
    {
        await SeedAsync(2);

        var intact = await RunVerifyAsync();
        await AuditLog.TamperAsync(_app, "UPDATE AuditRecords SET ActorEmail = 'someone-else@test.local' WHERE Sequence = 2");
        var broken = await RunVerifyAsync();

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact, 3 records", intact.Output);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken at record 2 was changed after it was written", broken.Output);
    }

    private async Task<(int ExitCode, string Output)> RunVerifyAsync()
    {
        var portalDll = Path.Combine(AppContext.BaseDirectory, "Portal.dll");
        var start = new ProcessStartInfo("dotnet", [portalDll, "verify-audit"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_app.DatabasePath)!,
        };
        start.Environment["Database__Path"] = _app.DatabasePath;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
