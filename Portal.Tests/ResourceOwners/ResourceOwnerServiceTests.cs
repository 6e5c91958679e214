using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Tests.Audit;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.ResourceOwners;

/// <summary>A provider's resource owners on the real SQLite file: hashed passwords shown once, audited without them, checked by the engine.</summary>
public sealed class ResourceOwnerServiceTests : IDisposable
{
    private readonly PortalFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<T> WithService<T>(Func<ResourceOwnerService, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ResourceOwnerService>());
    }

    private async Task<Guid> ProviderAsync(string title = "Users API") =>
        (await _app.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider(title))).Value;

    private async Task<string> RowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT UserName || '|' || PasswordHash FROM ResourceOwners";
        return string.Join("\n", await ReadAllAsync(command));
    }

    private static async Task<List<string>> ReadAllAsync(SqliteCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    [Fact]
    public async Task Create_GeneratesAPasswordShownOnce_StoresOnlyAHash_AndAuditsItRedacted()
    {
        var providerId = await ProviderAsync();
        var before = await AuditLog.LastSequenceAsync(_app);

        var created = await WithService(s => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = " alice " }));

        Assert.True(created.IsSuccess, created.Message);
        Assert.Equal(("alice", 24), (created.Value!.UserName, created.Value.Password.Length));
        var rows = await RowsAsync();
        Assert.StartsWith("alice|", rows);
        Assert.DoesNotContain(created.Value.Password, rows);
        var record = Assert.Single(await AuditLog.AfterAsync(_app, before));
        Assert.Equal((AuditActions.Created, AuditEntityTypes.ResourceOwner, "alice"), (record.Action, record.EntityType, record.EntityName));
        Assert.Contains("[redacted]", record.AfterJson);
        Assert.DoesNotContain(created.Value.Password, record.AfterJson + record.DiffJson);
        Assert.Equal("alice", await WithService(s => s.VerifyAsync(providerId, "Alice", created.Value.Password)));
    }

    [Fact]
    public async Task Verify_RefusesAWrongPassword_AnUnknownUser_ADisabledUser_AndAnotherProvidersUser()
    {
        var providerId = await ProviderAsync();
        var other = await ProviderAsync("Other API");
        var alice = (await WithService(s => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = "alice", Password = "correct horse battery" }))).Value!;

        Assert.Null(await WithService(s => s.VerifyAsync(providerId, "alice", "correct horse batterY")));
        Assert.Null(await WithService(s => s.VerifyAsync(providerId, "bob", "correct horse battery")));
        Assert.Null(await WithService(s => s.VerifyAsync(other, "alice", "correct horse battery")));
        await WithService(s => s.SetEnabledAsync(Actors.Owner, alice.Id, false));
        Assert.Null(await WithService(s => s.VerifyAsync(providerId, "alice", "correct horse battery")));
    }

    [Fact]
    public async Task ANewPassword_ReplacesTheOld_AndIsRecordedAsChanged()
    {
        var providerId = await ProviderAsync();
        var alice = (await WithService(s => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = "alice" }))).Value!;
        var before = await AuditLog.LastSequenceAsync(_app);

        var reset = await WithService(s => s.SetPasswordAsync(Actors.Owner, alice.Id, null));

        Assert.True(reset.IsSuccess, reset.Message);
        Assert.Null(await WithService(s => s.VerifyAsync(providerId, "alice", alice.Password)));
        Assert.Equal("alice", await WithService(s => s.VerifyAsync(providerId, "alice", reset.Value!.Password)));
        var record = Assert.Single(await AuditLog.AfterAsync(_app, before));
        Assert.Equal(AuditActions.PasswordChanged, record.Action);
        Assert.Contains("[changed]", record.DiffJson);
    }

    [Fact]
    public async Task Refusals_ADuplicateName_AShortPassword_AndAViewer_WriteNothing()
    {
        var providerId = await ProviderAsync();
        await WithService(s => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = "alice" }));
        var before = await AuditLog.LastSequenceAsync(_app);

        var duplicate = await WithService(s => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = "ALICE" }));
        var shortPassword = await WithService(s => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = "bob", Password = "short" }));
        var spaces = await WithService(s => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = "bob smith" }));
        var viewer = await WithService(s => s.CreateAsync(Actors.For(BuiltInRoles.Viewer), providerId, new ResourceOwnerInput { UserName = "carol" }));

        Assert.Equal(ResultStatus.Invalid, duplicate.Status);
        Assert.Contains(duplicate.Errors, e => e.Field == nameof(ResourceOwnerInput.UserName));
        Assert.Contains(shortPassword.Errors, e => e.Field == nameof(ResourceOwnerInput.Password));
        Assert.Contains(spaces.Errors, e => e.Field == nameof(ResourceOwnerInput.UserName));
        Assert.Equal(ResultStatus.Forbidden, viewer.Status);
        Assert.Empty(await AuditLog.AfterAsync(_app, before));
        Assert.Single((await WithService(s => s.ListAsync(Actors.Owner, providerId))).Value!);
    }
}
