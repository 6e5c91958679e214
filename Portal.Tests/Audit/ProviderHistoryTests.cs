using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Audit;

/// <summary>A provider's versions, compared and restored, on the real SQLite file.</summary>
public sealed class ProviderHistoryTests : IDisposable
{
    private const string FirstPassword = "first-Pa55word-of-the-service";
    private const string CurrentPassword = "current-Pa55word-of-the-service";
    private readonly PortalFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<OAuthProvider> ProviderAsync(Guid id) =>
        WithScope(async s => (await s.GetRequiredService<ProviderService>().FindAsync(Actors.Owner, id)).Value!);

    private Task<TokenManagementInput> TokensAsync(Guid id) =>
        WithScope(async s => (await s.GetRequiredService<TokenManagementService>().GetAsync(Actors.Owner, id)).Value!);

    private Task<IReadOnlyList<ProviderVersion>> VersionsAsync(Guid id, Actor? actor = null) =>
        WithScope(async s => (await s.GetRequiredService<ProviderHistoryService>().VersionsAsync(actor ?? Actors.Owner, id)).Value!);

    private async Task<string?> ProtectedPasswordAsync(Guid providerId)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ProtectedPassword FROM TokenManagement WHERE ProviderId = $id";
        command.Parameters.AddWithValue("$id", providerId.ToString().ToUpperInvariant());
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Version 1: External with basic authentication and a 900 s cache. Then: TTL 300, a new password, the access token TTL 600.</summary>
    private async Task<Guid> ProviderWithHistoryAsync()
    {
        var id = (await WithScope(s => s.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider("Versioned API")))).Value;
        var tokens = await TokensAsync(id);
        tokens.Enabled = true;
        AuditTrailTests.External(tokens);
        tokens.NewPassword = FirstPassword;
        tokens.CacheType = ExternalCacheType.TimeToLive;
        tokens.CacheTtl = 900;
        Assert.True((await WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(Actors.Owner, tokens))).IsSuccess);
        tokens = await TokensAsync(id);
        tokens.CacheTtl = 300;
        tokens.PasswordChange = SecretChange.Replace;
        tokens.NewPassword = CurrentPassword;
        Assert.True((await WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(Actors.Owner, tokens))).IsSuccess);
        var settings = (await ProviderAsync(id)).ToInput();
        settings.AccessTokenTtl = 600;
        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(Actors.Owner, settings))).IsSuccess);
        return id;
    }

    [Fact]
    public async Task Versions_AreNewestFirst_EachTheWholeConfigurationAfterItsChange()
    {
        var id = await ProviderWithHistoryAsync();

        var versions = await VersionsAsync(id);

        Assert.Equal(
            ["Provider: Access token TTL 3600 → 600", "Token management: Password changed, Cache TTL 900 → 300", "Token management: Enabled off → on, Type Native → External, Endpoint (empty) → https://tokens.example.com/check, Security None → BasicAuthentication, 3 more", "Provider created"],
            versions.Select(v => v.Summary).ToList());
        var changed = ProviderHistoryService.Compare(versions[2], versions[0]).Where(f => f.Differs).Select(f => (f.Section, f.Field, f.Left, f.Right));
        Assert.Equal(
            [("Settings", "AccessTokenTtl", "3600", "600"), ("Token management", "Password", "[redacted]", "[changed]"), ("Token management", "CacheTtl", "900", "300")],
            changed);
        Assert.Equal("[redacted]", versions[0].TokenManagement["Password"]!.GetValue<string>());
        // Replaced between these two: both snapshots say "[redacted]", the comparison says it changed.
        var password = ProviderHistoryService.Compare(versions[2], versions[1]).Single(f => f.Field == "Password");
        Assert.Equal(("[redacted]", "[changed]", true), (password.Left, password.Right, password.Differs));
    }

    [Fact]
    public async Task Restore_BringsBackTheOldValues_KeepsTheCurrentSecret_AndIsRecorded()
    {
        var id = await ProviderWithHistoryAsync();
        var passwordBefore = await ProtectedPasswordAsync(id);
        var firstTokenVersion = (await VersionsAsync(id))[2];
        var before = await AuditLog.LastSequenceAsync(_app);

        var preview = await WithScope(s => s.GetRequiredService<ProviderHistoryService>().PreviewRestoreAsync(Actors.Owner, id, firstTokenVersion.Sequence));
        var restored = await WithScope(s => s.GetRequiredService<ProviderHistoryService>().RestoreAsync(Actors.Owner, id, firstTokenVersion.Sequence));

        Assert.True(restored.IsSuccess, restored.Message);
        Assert.Equal([("AccessTokenTtl", "600", "3600"), ("CacheTtl", "300", "900")], preview.Value!.Changes.Select(c => (c.Field, c.Left, c.Right)));
        Assert.Equal(3600, (await ProviderAsync(id)).AccessTokenTtl);
        var tokens = await TokensAsync(id);
        Assert.Equal((900, TokenManagementType.External, true), (tokens.CacheTtl, tokens.Type, tokens.HasPassword));
        Assert.Equal(passwordBefore, await ProtectedPasswordAsync(id)); // the current password, not the first one
        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal(
            [(AuditActions.Restored, AuditEntityTypes.Provider), (AuditActions.Restored, AuditEntityTypes.TokenManagement)],
            records.Select(r => (r.Action, r.EntityType)));
        Assert.Equal([new FieldChange("CacheTtl", "300", "900")], AuditLog.Diff(records[1]));
        Assert.Equal(900, TokenPolicy(id).CacheTtl); // the engine enforces the restored settings at once
    }

    private TokenManagementPolicy TokenPolicy(Guid id) =>
        _app.Services.GetRequiredService<TokenPolicySnapshots>().Find(id)!;

    [Fact]
    public async Task Restore_ThatTodaysRulesRefuse_ChangesNothing_AndWritesNoRecord()
    {
        var id = await ProviderWithHistoryAsync();
        var first = (await VersionsAsync(id))[^1]; // token management was off then: a valid version
        var tokens = await TokensAsync(id);
        tokens.PasswordChange = SecretChange.Clear;
        tokens.Security = ExternalSecurity.None;
        Assert.True((await WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(Actors.Owner, tokens))).IsSuccess);
        var external = (await VersionsAsync(id))[2]; // basic authentication, but no password is stored any more
        var before = await AuditLog.LastSequenceAsync(_app);

        var refused = await WithScope(s => s.GetRequiredService<ProviderHistoryService>().RestoreAsync(Actors.Owner, id, external.Sequence));

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.StartsWith("Nothing was restored: the version's token management break rules that apply now.", refused.Message);
        Assert.Equal(600, (await ProviderAsync(id)).AccessTokenTtl); // the settings part was rolled back too
        Assert.Empty(await AuditLog.AfterAsync(_app, before));
        Assert.NotEqual(first.Sequence, external.Sequence);
    }

    [Fact]
    public async Task Restore_AfterSomeoneChangedTheProviderSinceThePreview_IsAConflict_AndChangesNothing()
    {
        var id = await ProviderWithHistoryAsync();
        var first = (await VersionsAsync(id))[^1];
        var preview = (await WithScope(s => s.GetRequiredService<ProviderHistoryService>().PreviewRestoreAsync(Actors.Owner, id, first.Sequence))).Value!;
        var settings = (await ProviderAsync(id)).ToInput();
        settings.Description = "Changed meanwhile";
        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(Actors.Owner, settings))).IsSuccess);
        var before = await AuditLog.LastSequenceAsync(_app);

        var stale = await WithScope(s => s.GetRequiredService<ProviderHistoryService>()
            .RestoreAsync(Actors.Owner, id, first.Sequence, preview.SettingsVersion, preview.TokenManagementVersion));

        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Equal(("Changed meanwhile", 600), ((await ProviderAsync(id)).Description, (await ProviderAsync(id)).AccessTokenTtl));
        Assert.Empty(await AuditLog.AfterAsync(_app, before));
    }

    [Fact]
    public async Task History_NeedsAuditView_AndRestore_AlsoSettingsManage()
    {
        var id = await ProviderWithHistoryAsync();
        var version = (await VersionsAsync(id))[^1];
        var auditor = Actors.For(BuiltInRoles.Auditor);
        var viewer = Actors.For(BuiltInRoles.Viewer);
        var settingsManager = Actors.With(Permissions.SettingsManage);

        var auditorReads = await WithScope(s => s.GetRequiredService<ProviderHistoryService>().VersionsAsync(auditor, id));
        var viewerReads = await WithScope(s => s.GetRequiredService<ProviderHistoryService>().VersionsAsync(viewer, id));
        var auditorRestores = await WithScope(s => s.GetRequiredService<ProviderHistoryService>().RestoreAsync(auditor, id, version.Sequence));
        var managerRestores = await WithScope(s => s.GetRequiredService<ProviderHistoryService>().RestoreAsync(settingsManager, id, version.Sequence));

        Assert.True(auditorReads.IsSuccess);
        Assert.Equal(
            [ResultStatus.Forbidden, ResultStatus.Forbidden, ResultStatus.Forbidden],
            new Result[] { viewerReads, auditorRestores, managerRestores }.Select(r => r.Status));
        Assert.Equal(600, (await ProviderAsync(id)).AccessTokenTtl);
    }
}
