using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Tests.Http;
using Portal.Tests.TestData;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

public sealed class AccessJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<Guid> CreateProviderAsync(string title)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider(title));
        return result.Value;
    }

    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task Owner_AddsAnOrganizationAdministrator_WhoChangesTheInitialPasswordAndEditsAProvider()
    {
        var providerId = await CreateProviderAsync("Admin Journey");
        var owner = await browser.NewPageAsync();
        await owner.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);

        // The Owner adds the member with the Organization Administrator role and reads the one-time password.
        await owner.GotoAsync("/members");
        await owner.WaitForInteractiveAsync();
        await owner.ClickAsync("#add-member");
        await owner.SetFieldAsync("#member-email", "grace@example.com");
        await owner.SetFieldAsync("#member-name", "Grace Hopper");
        await owner.Locator("input[data-role='org-admin']").CheckAsync();
        await owner.ClickAsync("#add-member-save");
        var passwordField = owner.Locator("#initial-password");
        await Expect(passwordField).ToBeVisibleAsync();
        var password = await passwordField.InputValueAsync();
        Assert.True(password.Length >= 20);
        await owner.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("member-added.png") });
        await owner.ClickAsync("#add-member-done");
        var row = owner.Locator("#members tbody tr", new() { HasText = "grace@example.com" });
        await Expect(row).ToContainTextAsync("Organization Administrator");
        await owner.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("members.png"), FullPage = true });

        // Grace signs in, must choose her own password first, then edits the provider.
        var grace = await browser.NewPageAsync();
        await grace.GotoAsync("/account/login");
        await grace.FillAsync("#email", "grace@example.com");
        await grace.FillAsync("#password", password);
        await grace.ClickAsync("#login");
        await grace.WaitForURLAsync("**/account/password");
        await Expect(grace.Locator("#must-change")).ToBeVisibleAsync();
        await grace.FillAsync("#current", password);
        await grace.FillAsync("#new", "grace's own pass phrase");
        await grace.FillAsync("#confirm", "grace's own pass phrase");
        await grace.ClickAsync("#change-password");
        await Expect(grace.Locator("#password-changed")).ToBeVisibleAsync();

        await grace.GotoAsync($"/providers/{providerId}/settings");
        await grace.WaitForInteractiveAsync();
        await Expect(grace.Locator("#user-menu")).ToContainTextAsync("Grace Hopper");
        await grace.SetFieldAsync("#access-token-ttl", "1200");
        await grace.ClickAsync("#save");
        await Expect(grace.GetByText("Provider 'Admin Journey' saved.")).ToBeVisibleAsync();

        // An Organization Administrator manages members, but may not grant Owner.
        var graceId = (await WithScope(s => s.GetRequiredService<IAccessStore>().SearchMembersAsync(new MemberQuery("grace")))).Items.Single().Id;
        await grace.GotoAsync($"/members/{graceId}");
        await grace.WaitForInteractiveAsync();
        await Expect(grace.Locator("input[data-role='owner']")).ToBeDisabledAsync();
        await Expect(grace.Locator("input[data-role='viewer']")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task SettingsManager_EditsProviders_AndHasNoMembersEntry()
    {
        var providerId = await CreateProviderAsync("Custom Role Journey");
        var role = await Members.CreateRoleAsync(browser.App, "Provider editors", Permissions.SettingsManage);
        await Members.CreateAsync(browser.App, "editor@example.com", role);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("editor@example.com", Members.Password);

        await Expect(page.Locator(".mud-drawer a[href='providers']")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav-members")).ToHaveCountAsync(0);
        await page.GotoAsync($"/providers/{providerId}/settings");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#save")).ToBeVisibleAsync();
        await page.GotoAsync("/members");
        await Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Auditor_SeesProvidersReadOnly_AndAForcedSaveIsRefused()
    {
        var providerId = await CreateProviderAsync("Audited Provider");
        var auditorId = await Members.CreateAsync(browser.App, "auditor@example.com", BuiltInRoles.Auditor.Id);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("auditor@example.com", Members.Password);

        await Expect(page.Locator("#new-provider")).ToBeDisabledAsync();
        await page.GotoAsync($"/providers/{providerId}/settings");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#read-only")).ToContainTextAsync("requires the Settings:Manage permission");
        await Expect(page.Locator("#title")).ToHaveValueAsync("Audited Provider");
        await Expect(page.Locator("#save")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("provider-read-only.png"), FullPage = true });

        // The hidden button is not the guard: the service refuses the Auditor's save.
        var result = await WithScope(async s =>
        {
            var auditor = (await s.GetRequiredService<IAccessStore>().FindMemberAsync(auditorId))!.ToActor();
            var providers = s.GetRequiredService<ProviderService>();
            var input = (await providers.FindAsync(auditor, providerId)).Value!.ToInput();
            input.AccessTokenTtl = 5;
            return await providers.UpdateAsync(auditor, input);
        });
        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal("You need the Settings:Manage permission to do this.", result.Message);
        var stored = await WithScope(s => s.GetRequiredService<IProviderStore>().FindAsync(providerId));
        Assert.Equal(3600, stored!.AccessTokenTtl);
    }

    [Fact]
    public async Task RemovingOrganizationAdministrator_TakesEditRightsFromAnOpenPage_WithoutSignOut()
    {
        var providerId = await CreateProviderAsync("Open Page Provider");
        var userId = await Members.CreateAsync(browser.App, "soon-viewer@example.com",
            BuiltInRoles.OrganizationAdministrator.Id, BuiltInRoles.Viewer.Id);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("soon-viewer@example.com", Members.Password);
        await page.GotoAsync($"/providers/{providerId}/settings");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#save")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav-members")).ToBeVisibleAsync();

        var removed = await WithScope(s => s.GetRequiredService<MemberService>()
            .RemoveRoleAsync(Actors.Owner, userId, BuiltInRoles.OrganizationAdministrator.Id));
        Assert.True(removed.IsSuccess, removed.Message);

        // The open circuit revalidates (every second in tests, every 30 s by default) and re-renders read-only.
        await Expect(page.Locator("#read-only")).ToBeVisibleAsync();
        await Expect(page.Locator("#save")).ToHaveCountAsync(0);
        await Expect(page.Locator("#user-menu")).ToBeVisibleAsync(); // still signed in
        Assert.EndsWith($"/providers/{providerId}/settings", page.Url);
    }

    [Fact]
    public async Task Owner_CreatesACustomRole_AndARoleInUseCannotBeDeleted()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync("/members/roles");
        await page.WaitForInteractiveAsync();
        await page.ClickAsync("#new-role");
        await page.WaitForURLAsync("**/members/roles/new");
        await page.WaitForInteractiveAsync();

        await page.ClickAsync("#save-role");
        await Expect(page.GetByText("Enter a role name.")).ToBeVisibleAsync();
        await page.SetFieldAsync("#role-name", "Token operators");
        await Expect(page.GetByText("Enter a role name.")).ToHaveCountAsync(0); // the message follows the correction
        await page.SetFieldAsync("#role-description", "Revoke tokens on request.");
        await page.Locator("input[data-permission='Tokens:Revoke']").CheckAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("role-new.png"), FullPage = true });
        await page.ClickAsync("#save-role");
        await page.WaitForURLAsync("**/members/roles");
        var row = page.Locator("#roles tbody tr", new() { HasText = "Token operators" });
        await Expect(row).ToContainTextAsync("Tokens:Revoke");

        var roleId = (await WithScope(s => s.GetRequiredService<IAccessStore>().GetRolesAsync())).Single(r => r.Name == "Token operators").Id;
        await Members.CreateAsync(browser.App, "operator@example.com", roleId);
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await page.ClickAsync("[data-delete='Token operators']");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.GetByText("'Token operators' is still held by 1 member: remove it from them first.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("roles.png"), FullPage = true });
    }
}
