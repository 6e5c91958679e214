using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Tests.Audit;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Clients;

/// <summary>Client applications on the real SQLite file: secrets shown once and stored as hashes, published to the engine's registry.</summary>
public sealed class ClientServiceTests : IDisposable
{
    private readonly PortalFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private ClientRegistry Registry => _app.Services.GetRequiredService<ClientRegistry>();

    private async Task<Guid> ProviderAsync(string title = "Orders API")
    {
        var input = Build.Provider(title);
        input.ClientTypes = ClientTypes.Confidential | ClientTypes.Public;
        input.GrantTypes = GrantTypes.Application | GrantTypes.AccessCode | GrantTypes.Password;
        return (await WithScope(s => s.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, input))).Value;
    }

    private static ClientInput Confidential(string name = "Billing backend") => new()
    {
        Name = name,
        Type = ClientTypes.Confidential,
        GrantTypes = GrantTypes.Application,
        Scopes = ["orders:read"],
    };

    private Task<Result<IssuedSecret>> CreateAsync(Guid providerId, ClientInput input, Actor? actor = null) =>
        WithScope(s => s.GetRequiredService<ClientService>().CreateAsync(actor ?? Actors.Owner, providerId, input));

    private async Task<string> RawRowAsync(Guid id)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ClientApplications WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString()));
    }

    [Fact]
    public async Task Register_Confidential_ShowsA256BitSecretOnce_StoresOnlyItsHash_AndPublishesTheClient()
    {
        var providerId = await ProviderAsync();
        var before = await AuditLog.LastSequenceAsync(_app);

        var created = await CreateAsync(providerId, Confidential());

        Assert.True(created.IsSuccess, created.Message);
        var issued = created.Value!;
        Assert.Equal(43, issued.Secret!.Length); // 32 random bytes, base64url
        Assert.Matches("^[a-z0-9]{24}$", issued.ClientId);
        var row = await RawRowAsync(issued.Id);
        Assert.DoesNotContain(issued.Secret, row);
        Assert.Contains(ClientSecrets.Hash(issued.Secret), row);
        var snapshot = Registry.Find(issued.ClientId)!;
        Assert.True(snapshot.SecretMatches(issued.Secret, DateTime.UtcNow));
        Assert.False(snapshot.SecretMatches(issued.Secret + "x", DateTime.UtcNow));
        Assert.Equal((providerId, true, GrantTypes.Application), (snapshot.ProviderId, snapshot.Enabled, snapshot.GrantTypes));
        var record = Assert.Single(await AuditLog.AfterAsync(_app, before));
        Assert.Equal((AuditActions.Created, AuditEntityTypes.ClientApplication, "Billing backend"), (record.Action, record.EntityType, record.EntityName));
        Assert.Contains("\"Secret\":\"[redacted]\"", record.AfterJson);
        Assert.DoesNotContain(issued.Secret, record.AfterJson);
        Assert.DoesNotContain(ClientSecrets.Hash(issued.Secret), record.AfterJson);
    }

    [Fact]
    public async Task Register_Public_HasNoSecret()
    {
        var providerId = await ProviderAsync();
        var input = Confidential("Mobile app");
        input.Type = ClientTypes.Public;
        input.GrantTypes = GrantTypes.AccessCode;
        input.RedirectUris = ["com.example.app:/callback", "http://127.0.0.1:7000/cb"];

        var created = await CreateAsync(providerId, input);

        Assert.True(created.IsSuccess, created.Message);
        Assert.Null(created.Value!.Secret);
        Assert.Null(Registry.Find(created.Value.ClientId)!.SecretHash);
    }

    [Fact]
    public async Task RotateSecret_WithoutGrace_EndsTheOldSecretAtOnce_WithGrace_KeepsItUntilThen()
    {
        var providerId = await ProviderAsync();
        var first = (await CreateAsync(providerId, Confidential())).Value!;
        var before = await AuditLog.LastSequenceAsync(_app);

        var second = (await WithScope(s => s.GetRequiredService<ClientService>().RotateSecretAsync(Actors.Owner, first.Id, graceSeconds: 0))).Value!;
        var afterFirstRotation = Registry.Find(first.ClientId)!;
        var third = (await WithScope(s => s.GetRequiredService<ClientService>().RotateSecretAsync(Actors.Owner, first.Id, graceSeconds: 3600))).Value!;
        var snapshot = Registry.Find(first.ClientId)!;
        var now = DateTime.UtcNow;

        Assert.False(afterFirstRotation.SecretMatches(first.Secret!, now));
        Assert.True(afterFirstRotation.SecretMatches(second.Secret!, now));
        Assert.True(snapshot.SecretMatches(third.Secret!, now));
        Assert.True(snapshot.SecretMatches(second.Secret!, now)); // in its grace period
        Assert.False(snapshot.SecretMatches(second.Secret!, now.AddHours(1).AddSeconds(1)));
        Assert.False(snapshot.SecretMatches(first.Secret!, now));
        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal([AuditActions.SecretRotated, AuditActions.SecretRotated], records.Select(r => r.Action));
        Assert.Contains(new FieldChange("Secret", AuditDiff.Changed, AuditDiff.Changed), AuditLog.Diff(records[0]));
        Assert.All(records, r => Assert.DoesNotContain(third.Secret!, r.AfterJson + r.BeforeJson + r.DiffJson));
    }

    [Fact]
    public async Task DisableAndDelete_ReachTheRegistryAtOnce_AndDeletingTheProviderTakesItsClients()
    {
        var providerId = await ProviderAsync();
        var kept = (await CreateAsync(providerId, Confidential("Kept"))).Value!;
        var deleted = (await CreateAsync(providerId, Confidential("Deleted"))).Value!;

        Assert.True((await WithScope(s => s.GetRequiredService<ClientService>().SetEnabledAsync(Actors.Owner, kept.Id, enabled: false))).IsSuccess);
        Assert.False(Registry.Find(kept.ClientId)!.Enabled);
        Assert.True((await WithScope(s => s.GetRequiredService<ClientService>().DeleteAsync(Actors.Owner, deleted.Id))).IsSuccess);
        Assert.Null(Registry.Find(deleted.ClientId));

        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().DeleteAsync(Actors.Owner, providerId))).IsSuccess);
        Assert.Null(Registry.Find(kept.ClientId));
        Assert.Empty((await WithScope(s => s.GetRequiredService<ClientService>().ListAsync(Actors.Owner, providerId))).Value!);
    }

    [Fact]
    public async Task Registry_IsFilledFromTheDatabase_AtStartUp()
    {
        var providerId = await ProviderAsync();
        var issued = (await CreateAsync(providerId, Confidential())).Value!;

        using var restarted = new PortalFactory(_app.DatabasePath, configureOwner: true);
        var snapshot = restarted.Services.GetRequiredService<ClientRegistry>().Find(issued.ClientId);

        Assert.NotNull(snapshot);
        Assert.True(snapshot.SecretMatches(issued.Secret!, DateTime.UtcNow));
    }

    [Fact]
    public async Task OutsideTheProvidersAllowance_OrWithoutSettingsManage_NothingIsSaved()
    {
        var providerId = await ProviderAsync();
        var outside = Confidential();
        outside.GrantTypes = GrantTypes.Implicit | GrantTypes.Application;
        outside.Scopes = ["orders:read", "admin:all"];

        var invalid = await CreateAsync(providerId, outside);
        var forbidden = await CreateAsync(providerId, Confidential(), Actors.For(BuiltInRoles.Viewer));

        Assert.Equal(ResultStatus.Invalid, invalid.Status);
        Assert.Equal(
            [("GrantTypes", "This provider does not allow: Implicit."), ("Scopes", "Not a scope of this provider: admin:all."),
                ("RedirectUris", "The access code and implicit grants need at least one redirect URI.")],
            invalid.Errors.Select(e => (e.Field, e.Message)));
        Assert.Equal(ResultStatus.Forbidden, forbidden.Status);
        Assert.Empty((await WithScope(s => s.GetRequiredService<ClientService>().ListAsync(Actors.Owner, providerId))).Value!);
    }
}
