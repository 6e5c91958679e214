using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Data;

/// <summary>Token management on the real SQLite file, with Data Protection keys in the database.</summary>
public sealed class TokenManagementStoreTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    private const string Password = "Ext3rnal-Pa55word-Never-Shown";

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<Guid> CreateProviderAsync(string title) =>
        WithScope(async s => (await s.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider(title))).Value);

    private Task<TokenManagementInput> GetAsync(Guid providerId) =>
        WithScope(async s => (await s.GetRequiredService<TokenManagementService>().GetAsync(Actors.Owner, providerId)).Value!);

    private Task<Result> SaveAsync(TokenManagementInput input, Actor? actor = null) =>
        WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(actor ?? Actors.Owner, input));

    private static void External(TokenManagementInput input)
    {
        input.Enabled = true;
        input.Type = TokenManagementType.External;
        input.Endpoint = "https://tokens.example.com/check";
        input.Security = ExternalSecurity.BasicAuthentication;
        input.Username = "portal";
        input.PasswordChange = SecretChange.Replace;
        input.NewPassword = Password;
    }

    private async Task<string> RawRowAsync(Guid providerId)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM TokenManagement WHERE ProviderId = $id";
        command.Parameters.AddWithValue("$id", providerId.ToString().ToUpperInvariant());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no TokenManagement row");
        return string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString()));
    }

    [Fact]
    public async Task Save_EveryField_IsPersistedAndReloadedExactly()
    {
        var providerId = await CreateProviderAsync("Round trip TM");
        var input = await GetAsync(providerId);
        External(input);
        input.RequestHeaderName = "X-Credentials";
        input.CustomHeaderPattern = "^X-Tenant-.*$";
        input.CacheType = ExternalCacheType.TimeToLive;
        input.CacheTtl = 300;
        input.FailOnError = false;
        input.TimeoutMs = 2500;
        input.PollIntervalSeconds = 120;
        input.ResourceOwnerRevocation = true;
        input.ClientCredentialsLocation = ClientCredentialsLocation.FormBody;
        input.ClientIdField = "id";
        input.ClientSecretField = "secret";
        input.TokenStore = TokenStoreKind.InMemoryCache;
        input.MonitoringEnabled = false;
        input.MonitoringClientAttribute = "subject";
        input.MonitoringCompositeContext = true;
        input.PurgeExpiredEverySeconds = 30;

        var saved = await SaveAsync(input);
        var back = await GetAsync(providerId);

        Assert.True(saved.IsSuccess, saved.Message);
        Assert.NotEqual(input.Version, back.Version);
        Assert.True(back.HasPassword);
        Assert.Equal("", back.NewPassword);
        Assert.Equal(SecretChange.Keep, back.PasswordChange);
        foreach (var property in typeof(TokenManagementInput).GetProperties()
            .Where(p => p.Name is not (nameof(TokenManagementInput.Version) or nameof(TokenManagementInput.HasPassword)
                or nameof(TokenManagementInput.NewPassword) or nameof(TokenManagementInput.PasswordChange))))
        {
            Assert.True(Equals(property.GetValue(input), property.GetValue(back)), $"{property.Name}: saved {property.GetValue(input)}, read {property.GetValue(back)}");
        }
    }

    [Fact]
    public async Task Password_IsStoredOnlyProtected_AndNeverReadBack()
    {
        var providerId = await CreateProviderAsync("Secret TM");
        var input = await GetAsync(providerId);
        External(input);

        Assert.True((await SaveAsync(input)).IsSuccess);

        var row = await RawRowAsync(providerId);
        Assert.DoesNotContain(Password, row);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Password)), row);
        Assert.DoesNotContain(app.Logs, line => line.Contains(Password));
        var model = await GetAsync(providerId);
        Assert.DoesNotContain(Password, System.Text.Json.JsonSerializer.Serialize(model));
        var snapshot = app.Services.GetRequiredService<TokenPolicySnapshots>().Find(providerId)!;
        var protector = app.Services.GetRequiredService<ISecretProtector>();
        Assert.Equal(Password, protector.Unprotect(SecretPurposes.ExternalPassword(providerId), snapshot.ProtectedPassword!));
        // Bound to its row: the same ciphertext does not open as another provider's password.
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(
            () => protector.Unprotect(SecretPurposes.ExternalPassword(Guid.NewGuid()), snapshot.ProtectedPassword!));
    }

    [Fact]
    public async Task Password_ReplaceAndClear_Work_KeepLeavesItAlone()
    {
        var providerId = await CreateProviderAsync("Rotate TM");
        var input = await GetAsync(providerId);
        External(input);
        await SaveAsync(input);
        var protector = app.Services.GetRequiredService<ISecretProtector>();
        string? Stored() => app.Services.GetRequiredService<TokenPolicySnapshots>().Find(providerId)!.ProtectedPassword;

        var keep = await GetAsync(providerId);
        keep.TimeoutMs = 3000;
        Assert.True((await SaveAsync(keep)).IsSuccess);
        Assert.Equal(Password, protector.Unprotect(SecretPurposes.ExternalPassword(providerId), Stored()!));

        var replace = await GetAsync(providerId);
        replace.PasswordChange = SecretChange.Replace;
        replace.NewPassword = "second password";
        Assert.True((await SaveAsync(replace)).IsSuccess);
        Assert.Equal("second password", protector.Unprotect(SecretPurposes.ExternalPassword(providerId), Stored()!));

        var clear = await GetAsync(providerId);
        clear.Security = ExternalSecurity.None;
        clear.PasswordChange = SecretChange.Clear;
        Assert.True((await SaveAsync(clear)).IsSuccess);
        Assert.Null(Stored());
        Assert.False((await GetAsync(providerId)).HasPassword);
    }

    [Fact]
    public async Task Save_ByViewer_IsRefused_AndChangesNothing()
    {
        var providerId = await CreateProviderAsync("Forced TM");
        var input = await GetAsync(providerId);
        External(input);

        var result = await SaveAsync(input, Actors.For(BuiltInRoles.Viewer));

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.False((await GetAsync(providerId)).Enabled);
        Assert.Null(app.Services.GetRequiredService<TokenPolicySnapshots>().Find(providerId));
    }

    [Fact]
    public async Task Save_Invalid_ChangesNothing_AndPublishesNothing()
    {
        var providerId = await CreateProviderAsync("Invalid TM");
        var input = await GetAsync(providerId);
        External(input);
        input.Endpoint = "http://insecure.example/";

        var result = await SaveAsync(input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == "Endpoint");
        Assert.False((await GetAsync(providerId)).Enabled);
        Assert.Null(app.Services.GetRequiredService<TokenPolicySnapshots>().Find(providerId));
    }

    [Fact]
    public async Task SecondEditor_OfTheSameVersion_IsRefused()
    {
        var providerId = await CreateProviderAsync("Two editors TM");
        var first = await GetAsync(providerId);
        var second = await GetAsync(providerId);
        first.Enabled = true;
        first.ClientRevocation = true;
        second.Enabled = true;
        second.ResourceOwnerRevocation = true;

        Assert.True((await SaveAsync(first)).IsSuccess);
        var refused = await SaveAsync(second);

        Assert.Equal(ResultStatus.Conflict, refused.Status);
        var stored = await GetAsync(providerId);
        Assert.True(stored.ClientRevocation);
        Assert.False(stored.ResourceOwnerRevocation);
    }

    [Fact]
    public async Task Save_PublishesTheSnapshotAtOnce()
    {
        var providerId = await CreateProviderAsync("Live TM");
        var input = await GetAsync(providerId);
        input.Enabled = true;
        input.ClientRevocation = true;

        await SaveAsync(input);

        var policy = app.Services.GetRequiredService<TokenPolicySnapshots>().Find(providerId);
        Assert.NotNull(policy);
        Assert.True(policy.Enabled);
        Assert.True(policy.ClientRevocation);
        Assert.Equal((await GetAsync(providerId)).Version, policy.Version);
    }

    [Fact]
    public async Task TlsProfile_InUse_CannotBeDeleted_AndTheMessageNamesTheProvider()
    {
        using var ca = TestCertificates.ValidCa("Profile CA");
        var saved = await WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(Actors.Owner,
            new TlsProfileInput { Name = "Partner mTLS", CaCertificatesPem = TestCertificates.Pem(ca) }));
        Assert.True(saved.IsSuccess, saved.Message);
        var providerId = await CreateProviderAsync("Uses Profile");
        var input = await GetAsync(providerId);
        External(input);
        input.TlsClientProfileId = saved.Value;
        Assert.True((await SaveAsync(input)).IsSuccess);

        var delete = await WithScope(s => s.GetRequiredService<TlsProfileService>().DeleteAsync(Actors.Owner, saved.Value));

        Assert.Equal(ResultStatus.Conflict, delete.Status);
        Assert.Equal("'Partner mTLS' is used by 'Uses Profile': choose another profile there first.", delete.Message);
    }

    [Fact]
    public async Task TlsProfile_ClientKey_IsStoredOnlyProtected()
    {
        using var client = TestCertificates.ValidCa("mtls-client");
        var keyPem = TestCertificates.KeyPem(client);
        var saved = await WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(Actors.Owner, new TlsProfileInput
        {
            Name = "With client cert",
            ClientCertificateChange = SecretChange.Replace,
            ClientCertificatePem = TestCertificates.Pem(client),
            ClientKeyPem = keyPem,
        }));
        Assert.True(saved.IsSuccess, saved.Message);

        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ProtectedClientCertificate, ClientCertificateSubject FROM TlsClientProfiles WHERE Name = 'With client cert'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var protectedValue = reader.GetString(0);
        Assert.Equal("CN=mtls-client", reader.GetString(1));
        var keyBody = string.Concat(keyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        Assert.DoesNotContain(keyBody, protectedValue);
        var profile = await WithScope(s => s.GetRequiredService<TlsProfileService>().FindAsync(Actors.Owner, saved.Value));
        Assert.DoesNotContain(keyBody, System.Text.Json.JsonSerializer.Serialize(profile.Value!.ToInput()));
    }

    [Fact]
    public async Task TlsProfile_ByViewer_CannotBeCreatedOrDeleted()
    {
        var viewer = Actors.For(BuiltInRoles.Viewer);
        var created = await WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(viewer, new TlsProfileInput { Name = "Sneaky" }));
        var owned = await WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(Actors.Owner, new TlsProfileInput { Name = "Kept" }));
        var deleted = await WithScope(s => s.GetRequiredService<TlsProfileService>().DeleteAsync(viewer, owned.Value));

        Assert.Equal(ResultStatus.Forbidden, created.Status);
        Assert.Equal(ResultStatus.Forbidden, deleted.Status);
        var names = (await WithScope(s => s.GetRequiredService<TlsProfileService>().ListAsync(viewer))).Value!.Select(p => p.Name);
        Assert.Contains("Kept", names);
        Assert.DoesNotContain("Sneaky", names);
    }

    [Fact]
    public async Task Save_MissingTextFromAnotherWriter_IsAFieldMessage_NotACrash()
    {
        var providerId = await CreateProviderAsync("Null TM");
        var input = await GetAsync(providerId);
        External(input);
        input.Endpoint = null!;
        input.Username = null!;
        input.CustomHeaderPattern = null!;

        var result = await SaveAsync(input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == "Endpoint");
        Assert.Contains(result.Errors, e => e.Field == "Username");
    }
}
