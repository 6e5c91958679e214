using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Providers;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Access;

/// <summary>One app with a member per column of the matrix, a provider and a plain member to act on.</summary>
public sealed class MatrixApp : PortalFactory, IAsyncLifetime
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    public Dictionary<string, string> UserIds { get; } = [];

    public Guid ProviderId { get; private set; }

    public string TargetId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var custom = await Members.CreateRoleAsync(this, PermissionMatrix.CustomSettingsManager, Permissions.SettingsManage);
        foreach (var column in PermissionMatrix.Cells.Select(c => c.Role).Distinct())
        {
            var roleId = column == PermissionMatrix.CustomSettingsManager ? custom : BuiltInRoles.All.Single(r => r.Name == column).Id;
            UserIds[column] = await Members.CreateAsync(this, $"{roleId}@matrix.test", roleId);
        }
        TargetId = await Members.CreateAsync(this, "target@matrix.test", BuiltInRoles.Member.Id);
        await using var scope = Services.CreateAsyncScope();
        ProviderId = (await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider())).Value;
    }

    public async Task<HttpClient> ClientFor(string column)
    {
        if (!_clients.TryGetValue(column, out var client))
            _clients[column] = client = await this.CreateSignedInClientAsync(await EmailOf(column), Members.Password);
        return client;
    }

    private async Task<string> EmailOf(string column)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(UserIds[column]);
        return user!.Email!;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>Every cell of the matrix in docs/permissions.md, exercised through HTTP: the page, and whether its control is enabled.</summary>
public sealed class PermissionMatrixHttpTests(MatrixApp app) : IClassFixture<MatrixApp>
{
    [Theory]
    [MemberData(nameof(PermissionMatrix.All), MemberType = typeof(PermissionMatrix))]
    public async Task Action_ByRole_IsAllowedExactlyAsDocumented(string action, string role, bool allowed)
    {
        var client = await app.ClientFor(role);

        bool? actual = action switch
        {
            "view providers" => await CanOpenAsync(client, "/providers"),
            "edit a provider" => await HasEnabledAsync(client, $"/providers/{app.ProviderId}/settings", "#save"),
            "view members" => await CanOpenAsync(client, "/members"),
            "add a member" => await HasEnabledAsync(client, "/members", "#add-member"),
            "assign a role" => await HasEnabledAsync(client, $"/members/{app.TargetId}", "input[data-role='viewer']"),
            "grant Owner" => await HasEnabledAsync(client, $"/members/{app.TargetId}", "input[data-role='owner']"),
            "create a custom role" => await HasEnabledAsync(client, "/members/roles", "#new-role"),
            "view history" => await CanOpenAsync(client, $"/providers/{app.ProviderId}/history"),
            "revoke tokens" => await HasEnabledAsync(client, $"/providers/{app.ProviderId}/tokens", "#revoke-owner"),
            _ => null,
        };

        Assert.True(actual.HasValue, $"No HTTP check for '{action}'");
        Assert.True(allowed == actual, $"{role} / {action}: documented {(allowed ? "allowed" : "denied")}, the app says {(actual.Value ? "allowed" : "denied")}");
    }

    /// <summary>200 for the page, or a redirect to the access-denied page; anything else fails the test.</summary>
    private static async Task<bool> CanOpenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.OK)
            return true;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/access-denied", response.Headers.Location!.ToString());
        return false;
    }

    /// <summary>Opens the page and says whether the control is there and enabled.</summary>
    private static async Task<bool> HasEnabledAsync(HttpClient client, string path, string selector)
    {
        var response = await client.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Contains("/access-denied", response.Headers.Location?.ToString());
            return false;
        }
        var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var element = document.QuerySelector(selector);
        return element is not null && !element.HasAttribute("disabled");
    }
}
