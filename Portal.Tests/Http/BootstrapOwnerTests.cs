using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Http;

public sealed partial class BootstrapOwnerTests : IDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "portal-tests", $"{Guid.NewGuid():N}.db");

    [Fact]
    public async Task FirstStart_ConfiguredOwner_IsCreatedOnce_SecondStartCreatesNoOther()
    {
        using (var first = new PortalFactory(_databasePath, configureOwner: true))
        {
            var client = await first.CreateSignedInClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/providers")).StatusCode);
            Assert.DoesNotContain(first.Logs, line => line.Contains(PortalFactory.OwnerPassword));
        }

        using var second = new PortalFactory(_databasePath, configureOwner: true, ownerEmail: "someone-else@test.local");
        _ = second.Server; // start it
        var users = await OwnerEmailsAsync(second);

        Assert.Equal([PortalFactory.OwnerEmail], users);
        Assert.DoesNotContain(second.Logs, line => line.Contains("Created the first Owner"));
    }

    [Fact]
    public async Task FirstStart_NoConfiguredPassword_GeneratesOneLogsItOnceAndItSignsIn()
    {
        string password;
        using (var first = new PortalFactory(_databasePath, configureOwner: false))
        {
            _ = first.Server;
            var line = Assert.Single(first.Logs, l => l.Contains("Created the first Owner account"));
            var match = GeneratedCredentials().Match(line);
            Assert.True(match.Success, line);
            Assert.Equal(SeedData.DefaultOwnerEmail, match.Groups["email"].Value);
            password = match.Groups["password"].Value;
            Assert.True(password.Length >= 20);
            Assert.Contains("change it", line);
        }

        using var second = new PortalFactory(_databasePath, configureOwner: false);
        var client = await second.CreateSignedInClientAsync(SeedData.DefaultOwnerEmail, password);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/providers")).StatusCode);
        Assert.DoesNotContain(second.Logs, l => l.Contains(password));
        Assert.Equal([SeedData.DefaultOwnerEmail], await OwnerEmailsAsync(second));
    }

    private static async Task<List<string?>> OwnerEmailsAsync(PortalFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Equal(1, await users.Users.CountAsync());
        return [.. (await users.GetUsersInRoleAsync(Portal.Domain.Access.BuiltInRoles.Owner.Name)).Select(u => u.Email)];
    }

    public void Dispose() => PortalFactory.DeleteDatabase(_databasePath);

    [GeneratedRegex(@"e-mail (?<email>\S+) and password (?<password>\S+)\.")]
    private static partial Regex GeneratedCredentials();
}
