using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Audit;

/// <summary>The CSV export over HTTP, and the promise that no secret reaches a record, an export or a log.</summary>
public sealed class AuditExportTests : IDisposable
{
    private const string NastyTitle = "=HYPERLINK(\"http://evil.example\",\"x\"), \"quoted\"\nsecond line";
    private readonly PortalFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<Guid> CreateProviderAsync(ProviderInput input) =>
        WithScope(async s => (await s.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, input)).Value);

    [Fact]
    public async Task Export_OfAFilter_ReturnsExactlyTheFilteredRows_NewestFirst_WithFormulaSafeEscaping()
    {
        var nasty = await CreateProviderAsync(Build.Provider(NastyTitle, "nasty"));
        await CreateProviderAsync(Build.Provider("Plain API"));
        await WithScope(s => s.GetRequiredService<RoleService>().CreateAsync(Actors.Owner, new RoleInput { Name = "Plain role", Permissions = [Permissions.SettingsView.Name] }));
        var client = await _app.CreateSignedInClientAsync();

        var response = await client.GetAsync("/audit/export.csv?type=Provider");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment; filename=\"audit-", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // UTF-8 byte-order mark, for spreadsheets
        var rows = ParseCsv(System.Text.Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(AuditService.CsvHeader, rows[0]);
        var expected = (await AuditLog.AllAsync(_app)).Where(r => r.EntityType == AuditEntityTypes.Provider).OrderByDescending(r => r.Sequence).ToList();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Select(r => r.Sequence.ToString()), rows.Skip(1).Select(r => r[0]));
        var nastyRow = rows.Single(r => r[7] == nasty.ToString());
        Assert.Equal("'" + NastyTitle, nastyRow[8]); // read back as text, never as a formula
        Assert.Equal(expected.Single(r => r.EntityId == nasty.ToString()).Hash, nastyRow[11]);
        Assert.Equal(expected.Single(r => r.EntityId == nasty.ToString()).DiffJson, nastyRow[10]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\"), \"\"quoted\"\"\nsecond line\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_CombinesFilters_AndRefusesBadDatesAndOutsiders()
    {
        await CreateProviderAsync(Build.Provider("Dated API"));
        await Members.CreateAsync(_app, "export-viewer@test.local", BuiltInRoles.Viewer.Id);
        var owner = await _app.CreateSignedInClientAsync();
        var viewer = await _app.CreateSignedInClientAsync("export-viewer@test.local", Members.Password);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var todays = ParseCsv((await owner.GetStringAsync($"/audit/export.csv?type=Provider&entity=Dated&from={today}&to={today}&action=Created&actor=owner@test.local")).TrimStart('\uFEFF'));
        var tomorrows = ParseCsv((await owner.GetStringAsync($"/audit/export.csv?from={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}")).TrimStart('\uFEFF'));
        var badDate = await owner.GetAsync("/audit/export.csv?from=yesterday");
        var refused = await viewer.GetAsync("/audit/export.csv");

        Assert.Equal("Dated API", Assert.Single(todays.Skip(1))[8]);
        Assert.Single(tomorrows); // the header only
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("'from' must be a date written yyyy-MM-dd.", await badDate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/access-denied", refused.Headers.Location!.ToString());
    }

    [Fact]
    public async Task NoSecret_AppearsInAnyRecord_TheExport_OrTheLogs()
    {
        const string externalPassword = "Sup3r-Secret-External-Pa55";
        const string typedPassword = "password typed at sign-in";
        using var client = TestCertificates.ValidCa("secret-client");
        var keyPem = TestCertificates.KeyPem(client);
        var keyBody = string.Concat(keyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        var providerId = await CreateProviderAsync(Build.Provider("Secretive API"));
        var tokens = (await WithScope(s => s.GetRequiredService<TokenManagementService>().GetAsync(Actors.Owner, providerId))).Value!;
        tokens.Enabled = true;
        AuditTrailTests.External(tokens);
        tokens.NewPassword = externalPassword;
        Assert.True((await WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(Actors.Owner, tokens))).IsSuccess);
        var profile = await WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(Actors.Owner, new TlsProfileInput
        {
            Name = "Secret mTLS",
            ClientCertificateChange = SecretChange.Replace,
            ClientCertificatePem = TestCertificates.Pem(client),
            ClientKeyPem = keyPem,
        }));
        Assert.True(profile.IsSuccess, profile.Message);
        var member = await WithScope(s => s.GetRequiredService<MemberService>().AddAsync(Actors.Owner,
            new NewMemberInput { Email = "new-member@test.local", DisplayName = "New", RoleIds = [BuiltInRoles.Viewer.Id] }));
        Assert.True(member.IsSuccess, member.Message);
        await _app.CreateAnonymousClient().PostSignInAsync("new-member@test.local", typedPassword);
        var owner = await _app.CreateSignedInClientAsync();

        var export = await owner.GetStringAsync("/audit/export.csv");
        var records = await AuditLog.AllAsync(_app);
        var everything = new StringBuilder(export);
        foreach (var r in records)
            everything.AppendJoin('\n', r.ActorEmail, r.EntityName, r.BeforeJson, r.AfterJson, r.DiffJson);
        everything.AppendJoin('\n', _app.Logs);

        Assert.Contains(records, r => r.EntityType == AuditEntityTypes.TokenManagement && r.AfterJson.Contains("\"Password\":\"[redacted]\""));
        Assert.Contains(records, r => r.EntityType == AuditEntityTypes.TlsProfile && r.AfterJson.Contains("\"ClientCertificate\":\"[redacted]\""));
        Assert.Contains(records, r => r.Action == AuditActions.SignInFailed);
        foreach (var secret in new[] { externalPassword, keyBody, member.Value!.InitialPassword, typedPassword, PortalFactory.OwnerPassword })
            Assert.DoesNotContain(secret, everything.ToString());
    }

    /// <summary>RFC 4180: quoted cells may hold commas, doubled quotes and line breaks.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }
        return rows;
    }
}
