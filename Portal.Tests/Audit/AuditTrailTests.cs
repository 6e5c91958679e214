using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Audit;

/// <summary>Every kind of change writes one record, in the same transaction, on the real SQLite file; refused changes write none.</summary>
public sealed class AuditTrailTests : IDisposable
{
    internal const string ExternalPassword = "Ext3rnal-Pa55word-Never-Shown";
    private const string ClientIp = "203.0.113.7";
    private readonly PortalFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private async Task<Actor> OwnerAsync()
    {
        var id = await WithScope(async s => (await s.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(PortalFactory.OwnerEmail))!.Id);
        return (await WithScope(s => s.GetRequiredService<IAccessStore>().FindMemberAsync(id)))!.ToActor() with { ClientIp = ClientIp };
    }

    private async Task<Guid> CreateProviderAsync(Actor actor, string title = "Orders API")
    {
        var created = await WithScope(s => s.GetRequiredService<ProviderService>().CreateAsync(actor, Build.Provider(title)));
        Assert.True(created.IsSuccess, created.Message);
        return created.Value;
    }

    private Task<TokenManagementInput> TokenManagementAsync(Actor actor, Guid providerId) =>
        WithScope(async s => (await s.GetRequiredService<TokenManagementService>().GetAsync(actor, providerId)).Value!);

    private Task<Result> SaveAsync(Actor actor, TokenManagementInput input) =>
        WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(actor, input));

    internal static void External(TokenManagementInput input)
    {
        input.Type = TokenManagementType.External;
        input.Endpoint = "https://tokens.example.com/check";
        input.Security = ExternalSecurity.BasicAuthentication;
        input.Username = "portal";
        input.PasswordChange = SecretChange.Replace;
        input.NewPassword = ExternalPassword;
    }

    private static void AssertRecord(AuditRecord record, Actor actor, string action, string entityType, string entityId, string entityName)
    {
        Assert.Equal((action, entityType, entityId, entityName), (record.Action, record.EntityType, record.EntityId, record.EntityName));
        Assert.Equal((actor.UserId, actor.Email, actor.ClientIp), (record.ActorId, record.ActorEmail, record.ClientIp));
        Assert.Equal(DateTimeKind.Utc, record.AtUtc.Kind);
        Assert.InRange(record.AtUtc, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task TokenManagement_NativeToExternal_WritesOneRecord_ListingExactlyTheChangedFields_WithThePasswordRedacted()
    {
        var owner = await OwnerAsync();
        var providerId = await CreateProviderAsync(owner);
        var input = await TokenManagementAsync(owner, providerId);
        input.Enabled = true;
        input.ResourceOwnerRevocation = true;
        Assert.True((await SaveAsync(owner, input)).IsSuccess);
        var before = await AuditLog.LastSequenceAsync(_app);

        input = await TokenManagementAsync(owner, providerId);
        External(input);
        var saved = await SaveAsync(owner, input);

        Assert.True(saved.IsSuccess, saved.Message);
        var record = Assert.Single(await AuditLog.AfterAsync(_app, before));
        AssertRecord(record, owner, AuditActions.Updated, AuditEntityTypes.TokenManagement, providerId.ToString(), "Orders API");
        var diff = AuditLog.Diff(record);
        Assert.Equal(["Type", "Endpoint", "Security", "Username", "Password"], diff.Select(c => c.Field));
        Assert.Equal(new FieldChange("Type", "\"Native\"", "\"External\""), diff[0]);
        Assert.Equal(new FieldChange("Password", AuditDiff.Changed, AuditDiff.Changed), diff[^1]);
        Assert.Contains("\"Password\":\"[redacted]\"", record.AfterJson);
        Assert.Contains("\"Password\":null", record.BeforeJson);
        Assert.DoesNotContain(ExternalPassword, record.AfterJson + record.BeforeJson + record.DiffJson);
        Assert.Equal("Token management: Type Native → External, Endpoint (empty) → https://tokens.example.com/check, Security None → BasicAuthentication, Username (empty) → portal, 1 more",
            AuditSummary.Line(record));
    }

    [Fact]
    public async Task RefusedSaves_ByValidationConcurrencyOrPermission_WriteNoRecord()
    {
        var owner = await OwnerAsync();
        var providerId = await CreateProviderAsync(owner);
        var stale = (await WithScope(s => s.GetRequiredService<ProviderService>().FindAsync(owner, providerId))).Value!.ToInput();
        var fresh = stale.ToInputCopy();
        fresh.AccessTokenTtl = 600;
        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(owner, fresh))).IsSuccess);
        var before = await AuditLog.LastSequenceAsync(_app);

        stale.AccessTokenTtl = 900;
        var conflict = await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(owner, stale));
        var invalid = (await WithScope(s => s.GetRequiredService<ProviderService>().FindAsync(owner, providerId))).Value!.ToInput();
        invalid.Title = "";
        var refused = await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(owner, invalid));
        var tokens = await TokenManagementAsync(owner, providerId);
        External(tokens);
        tokens.Endpoint = "not a url";
        var refusedTokens = await SaveAsync(owner, tokens);
        var staleTokens = await TokenManagementAsync(owner, providerId);
        staleTokens.Version = Guid.NewGuid();
        staleTokens.Enabled = true;
        var conflictTokens = await SaveAsync(owner, staleTokens);
        var forbidden = await WithScope(s => s.GetRequiredService<ProviderService>().DeleteAsync(Actors.For(BuiltInRoles.Auditor), providerId));
        var duplicate = await WithScope(s => s.GetRequiredService<ProviderService>().CreateAsync(owner, Build.Provider("Orders API")));

        Assert.Equal(
            [ResultStatus.Conflict, ResultStatus.Invalid, ResultStatus.Invalid, ResultStatus.Conflict, ResultStatus.Forbidden, ResultStatus.Invalid],
            new[] { conflict, refused, refusedTokens, conflictTokens, forbidden, duplicate }.Select(r => r.Status));
        Assert.Empty(await AuditLog.AfterAsync(_app, before));
        Assert.True((await AuditLog.VerifyAsync(_app)).Intact);
    }

    [Fact]
    public async Task Provider_CreateUpdateDelete_EachWriteARecord()
    {
        var owner = await OwnerAsync();
        var before = await AuditLog.LastSequenceAsync(_app);
        var providerId = await CreateProviderAsync(owner, "Billing API");
        var input = (await WithScope(s => s.GetRequiredService<ProviderService>().FindAsync(owner, providerId))).Value!.ToInput();
        input.AccessTokenTtl = 900;
        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(owner, input))).IsSuccess);
        var unchanged = (await WithScope(s => s.GetRequiredService<ProviderService>().FindAsync(owner, providerId))).Value!.ToInput();
        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(owner, unchanged))).IsSuccess);
        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().DeleteAsync(owner, providerId))).IsSuccess);

        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal([AuditActions.Created, AuditActions.Updated, AuditActions.Deleted], records.Select(r => r.Action));
        Assert.All(records, r => AssertRecord(r, owner, r.Action, AuditEntityTypes.Provider, providerId.ToString(), "Billing API"));
        Assert.Equal("", records[0].BeforeJson);
        Assert.Contains("\"Name\":\"billing-api\"", records[0].AfterJson);
        Assert.Equal([new FieldChange("AccessTokenTtl", "3600", "900")], AuditLog.Diff(records[1]));
        Assert.Equal("", records[2].AfterJson);
    }

    [Fact]
    public async Task TlsProfile_CreateUpdateDelete_EachWriteARecord_WithoutTheClientKey()
    {
        var owner = await OwnerAsync();
        using var client = TestCertificates.ValidCa("mtls-client");
        var keyPem = TestCertificates.KeyPem(client);
        var keyBody = string.Concat(keyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        var before = await AuditLog.LastSequenceAsync(_app);

        var created = await WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(owner, new TlsProfileInput
        {
            Name = "Partner mTLS",
            ClientCertificateChange = SecretChange.Replace,
            ClientCertificatePem = TestCertificates.Pem(client),
            ClientKeyPem = keyPem,
        }));
        Assert.True(created.IsSuccess, created.Message);
        var input = (await WithScope(s => s.GetRequiredService<TlsProfileService>().FindAsync(owner, created.Value))).Value!.ToInput();
        input.MinimumTlsVersion = TlsVersion.Tls13;
        Assert.True((await WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(owner, input))).IsSuccess);
        Assert.True((await WithScope(s => s.GetRequiredService<TlsProfileService>().DeleteAsync(owner, created.Value))).IsSuccess);

        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal([AuditActions.Created, AuditActions.Updated, AuditActions.Deleted], records.Select(r => r.Action));
        Assert.All(records, r => AssertRecord(r, owner, r.Action, AuditEntityTypes.TlsProfile, created.Value.ToString(), "Partner mTLS"));
        Assert.Contains("\"ClientCertificate\":\"[redacted]\"", records[0].AfterJson);
        Assert.Contains("\"ClientCertificateSubject\":\"CN=mtls-client\"", records[0].AfterJson);
        Assert.Equal([new FieldChange("MinimumTlsVersion", "\"Tls12\"", "\"Tls13\"")], AuditLog.Diff(records[1]));
        Assert.All(records, r => Assert.DoesNotContain(keyBody, r.BeforeJson + r.AfterJson + r.DiffJson));
    }

    [Fact]
    public async Task Role_CreateUpdateDelete_EachWriteARecord()
    {
        var owner = await OwnerAsync();
        var before = await AuditLog.LastSequenceAsync(_app);
        var created = await WithScope(s => s.GetRequiredService<RoleService>().CreateAsync(owner,
            new RoleInput { Name = "Release manager", Permissions = [Permissions.SettingsManage.Name] }));
        Assert.True(created.IsSuccess, created.Message);
        var updated = await WithScope(s => s.GetRequiredService<RoleService>().UpdateAsync(owner,
            new RoleInput { Id = created.Value, Name = "Release manager", Permissions = [Permissions.SettingsManage.Name, Permissions.AuditView.Name] }));
        Assert.True(updated.IsSuccess, updated.Message);
        Assert.True((await WithScope(s => s.GetRequiredService<RoleService>().DeleteAsync(owner, created.Value!))).IsSuccess);

        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal([AuditActions.Created, AuditActions.Updated, AuditActions.Deleted], records.Select(r => r.Action));
        Assert.All(records, r => AssertRecord(r, owner, r.Action, AuditEntityTypes.Role, created.Value!, "Release manager"));
        Assert.Equal([new FieldChange("Permissions", "[\"Settings:Manage\"]", "[\"Audit:View\",\"Settings:Manage\"]")], AuditLog.Diff(records[1]));
    }

    [Fact]
    public async Task RoleAssignment_GrantAndRemove_EachWriteARecord()
    {
        var owner = await OwnerAsync();
        var memberId = await Members.CreateAsync(_app, "ana@test.local");
        var before = await AuditLog.LastSequenceAsync(_app);

        Assert.True((await WithScope(s => s.GetRequiredService<MemberService>().AssignRoleAsync(owner, memberId, BuiltInRoles.Auditor.Id))).IsSuccess);
        Assert.True((await WithScope(s => s.GetRequiredService<MemberService>().RemoveRoleAsync(owner, memberId, BuiltInRoles.Auditor.Id))).IsSuccess);

        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal([AuditActions.Granted, AuditActions.Revoked], records.Select(r => r.Action));
        Assert.All(records, r => AssertRecord(r, owner, r.Action, AuditEntityTypes.RoleAssignment, $"{memberId}/{BuiltInRoles.Auditor.Id}", "ana@test.local: Auditor"));
        Assert.Equal("{\"Member\":\"ana@test.local\",\"Role\":\"Auditor\"}", records[0].AfterJson);
        Assert.Equal(records[0].AfterJson, records[1].BeforeJson);
        Assert.False((await WithScope(s => s.GetRequiredService<IAccessStore>().FindMemberAsync(memberId)))!.Roles.Any());
    }

    [Fact]
    public async Task Member_AddDisableEnableRemove_EachWriteARecord_WithoutTheInitialPassword()
    {
        var owner = await OwnerAsync();
        var before = await AuditLog.LastSequenceAsync(_app);
        var added = await WithScope(s => s.GetRequiredService<MemberService>().AddAsync(owner,
            new NewMemberInput { Email = "bo@test.local", DisplayName = "Bo", RoleIds = [BuiltInRoles.Viewer.Id] }));
        Assert.True(added.IsSuccess, added.Message);
        var id = added.Value!.Id;
        Assert.True((await WithScope(s => s.GetRequiredService<MemberService>().SetEnabledAsync(owner, id, enabled: false))).IsSuccess);
        Assert.True((await WithScope(s => s.GetRequiredService<MemberService>().SetEnabledAsync(owner, id, enabled: true))).IsSuccess);
        Assert.True((await WithScope(s => s.GetRequiredService<MemberService>().DeleteAsync(owner, id))).IsSuccess);
        var duplicate = await WithScope(s => s.GetRequiredService<MemberService>().AddAsync(owner,
            new NewMemberInput { Email = PortalFactory.OwnerEmail, DisplayName = "Again" }));

        Assert.Equal(ResultStatus.Invalid, duplicate.Status);
        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal([AuditActions.Created, AuditActions.Disabled, AuditActions.Enabled, AuditActions.Deleted], records.Select(r => r.Action));
        Assert.All(records, r => AssertRecord(r, owner, r.Action, AuditEntityTypes.Member, id, "bo@test.local"));
        Assert.Equal("{\"Email\":\"bo@test.local\",\"DisplayName\":\"Bo\",\"Enabled\":true,\"Roles\":[\"Viewer\"]}", records[0].AfterJson);
        Assert.Equal([new FieldChange("Enabled", "true", "false")], AuditLog.Diff(records[1]));
        Assert.All(records, r => Assert.DoesNotContain(added.Value.InitialPassword, r.BeforeJson + r.AfterJson + r.DiffJson));
    }

    [Fact]
    public async Task BootstrapOwner_IsRecordedAsCreatedByTheSystem()
    {
        var first = (await AuditLog.AllAsync(_app))[0];

        Assert.Equal((1L, AuditActions.Created, AuditEntityTypes.Member, PortalFactory.OwnerEmail), (first.Sequence, first.Action, first.EntityType, first.EntityName));
        Assert.Equal((AuditEntry.System, AuditEntry.System), (first.ActorId, first.ActorEmail));
        Assert.DoesNotContain(PortalFactory.OwnerPassword, first.AfterJson);
    }

    [Fact]
    public async Task SignIns_AndPasswordChanges_AreRecorded_WithoutAnyPassword()
    {
        var memberId = await Members.CreateAsync(_app, "cy@test.local", BuiltInRoles.Viewer.Id);
        var before = await AuditLog.LastSequenceAsync(_app);

        await _app.CreateAnonymousClient().PostSignInAsync("cy@test.local", "wrong pass phrase!");
        await _app.CreateAnonymousClient().PostSignInAsync("nobody@test.local", "another wrong one");
        await _app.CreateAnonymousClient().PostSignInAsync("my secret typed as e-mail", "x");
        var client = await _app.CreateSignedInClientAsync("cy@test.local", Members.Password);
        var form = SignInClient.HiddenInputs(await client.GetStringAsync("/account/password"));
        form["Input.Current"] = Members.Password;
        form["Input.New"] = "a brand new pass phrase";
        form["Input.Confirm"] = "a brand new pass phrase";
        var changed = await client.PostAsync("/account/password", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var records = await AuditLog.AfterAsync(_app, before);
        Assert.Equal(
            [
                (AuditActions.SignInFailed, "cy@test.local", memberId, "{\"Outcome\":\"Wrong password\"}"),
                (AuditActions.SignInFailed, "nobody@test.local", "", "{\"Outcome\":\"No such member\"}"),
                (AuditActions.SignInFailed, "(not an e-mail address)", "", "{\"Outcome\":\"No such member\"}"),
                (AuditActions.SignInSucceeded, "cy@test.local", memberId, "{\"Outcome\":\"Signed in\"}"),
                (AuditActions.PasswordChanged, "cy@test.local", memberId, "{\"Password\":\"[redacted]\",\"MustChangePassword\":false}"),
            ],
            records.Select(r => (r.Action, r.EntityName, r.EntityId, r.AfterJson)));
        Assert.All(records, r => Assert.Equal(AuditEntityTypes.Member, r.EntityType));
        Assert.Equal([AuditEntry.Anonymous, AuditEntry.Anonymous], records.Where(r => r.EntityId == "").Select(r => r.ActorEmail));
        Assert.Equal([new FieldChange("Password", AuditDiff.Changed, AuditDiff.Changed)], AuditLog.Diff(records[^1]));
        Assert.All(records, r => Assert.Equal("127.0.0.1", r.ClientIp));
        var text = string.Concat(records.Select(r => r.BeforeJson + r.AfterJson + r.DiffJson + r.EntityName + r.ActorEmail));
        Assert.DoesNotContain("wrong pass phrase", text);
        Assert.DoesNotContain("my secret", text);
        Assert.DoesNotContain(Members.Password, text);
        Assert.DoesNotContain("a brand new pass phrase", text);
    }

    [Fact]
    public async Task AtStartUp_ProvidersOlderThanTheLog_GetAFirstVersion_AndBuiltInRoleChangesAreRecordedAsTheSystems()
    {
        var owner = await OwnerAsync();
        Guid legacyId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            // Saved around the audit trail, as a database from before the audit log would hold it.
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var legacy = OAuthProvider.Create(Build.Provider("Legacy API"), DateTime.UtcNow);
            db.Providers.Add(legacy);
            db.RoleClaims.RemoveRange(db.RoleClaims.Where(c => c.RoleId == BuiltInRoles.Auditor.Id && c.ClaimValue == Permissions.AuditView.Name));
            await db.SaveChangesAsync();
            legacyId = legacy.Id;
        }
        var before = await AuditLog.LastSequenceAsync(_app);
        _ = owner;

        using var restarted = new PortalFactory(_app.DatabasePath, configureOwner: true);
        await using var restartedScope = restarted.Services.CreateAsyncScope();
        var versions = (await restartedScope.ServiceProvider.GetRequiredService<ProviderHistoryService>().VersionsAsync(Actors.Owner, legacyId)).Value!;

        var records = await AuditLog.AfterAsync(restarted, before);
        Assert.Equal(
            [(AuditActions.Updated, AuditEntityTypes.Role, "Auditor"), (AuditActions.Recorded, AuditEntityTypes.Provider, "Legacy API")],
            records.Select(r => (r.Action, r.EntityType, r.EntityName)));
        Assert.All(records, r => Assert.Equal(AuditEntry.System, r.ActorEmail));
        Assert.Equal("Provider as it was when the audit log began", Assert.Single(versions).Summary);
        Assert.Equal("Legacy API", versions[0].Settings["Title"]!.GetValue<string>());
        Assert.True((await AuditLog.VerifyAsync(restarted)).Intact);
    }

    [Fact]
    public async Task Records_CannotBeChangedOrRemovedThroughSql()
    {
        Assert.NotEmpty(await AuditLog.AllAsync(_app));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE AuditRecords SET EntityName = 'x'", "DELETE FROM AuditRecords" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message);
        }
        Assert.NotEmpty(await AuditLog.AllAsync(_app));
    }

    [Fact]
    public async Task ConcurrentWriters_ExtendOneIntactChain()
    {
        var owner = await OwnerAsync();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => CreateProviderAsync(owner, $"Parallel {i}"))));

        var verdict = await AuditLog.VerifyAsync(_app);
        Assert.True(verdict.Intact, verdict.Message);
        Assert.Equal(13, verdict.Count); // the bootstrap Owner and twelve providers
    }
}

internal static class ProviderInputCopies
{
    public static ProviderInput ToInputCopy(this ProviderInput input) =>
        System.Text.Json.JsonSerializer.Deserialize<ProviderInput>(System.Text.Json.JsonSerializer.Serialize(input))!;
}
