using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Access;
using Portal.Domain.Providers;
using Portal.Tests.Http;
using Portal.Tests.TestData;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

public sealed class TokenManagementJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "pa55-for-the-external-service";

    private async Task<Guid> CreateProviderAsync(string title)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider(title))).Value;
    }

    [Fact]
    public async Task Owner_SwitchesToExternalWithBasicAuthentication_AndThePasswordNeverComesBack()
    {
        var providerId = await CreateProviderAsync("External Journey");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}/token-management");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#save")).ToBeDisabledAsync(); // nothing changed yet

        await page.Locator("#tm-enabled").CheckAsync();
        await page.Locator("#tm-external").CheckAsync();
        await page.SetFieldAsync("#tm-endpoint", "https://tokens.example.com/check");
        await page.Locator("#tm-security").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Basic authentication" }).ClickAsync();
        await page.SetFieldAsync("#tm-username", "portal");
        await page.SetFieldAsync("#tm-password-input", Password);
        await page.SetFieldAsync("#tm-timeout", "2500");
        await Expect(page.Locator("#unsaved")).ToBeVisibleAsync();
        await page.ClickAsync("#save");
        await Expect(page.GetByText("Token management of 'External Journey' saved.")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("#tm-endpoint")).ToHaveValueAsync("https://tokens.example.com/check");
        await Expect(page.Locator("#tm-username")).ToHaveValueAsync("portal");
        await Expect(page.Locator("#tm-timeout")).ToHaveValueAsync("2500");
        await Expect(page.Locator("#tm-password-status")).ToHaveTextAsync("set");
        Assert.DoesNotContain(Password, await page.ContentAsync());
        Assert.DoesNotContain(Password, await (await page.APIRequest.GetAsync(page.Url)).TextAsync());
        await Expect(page.Locator("#save")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("token-management-external.png"), FullPage = true });
        Assert.DoesNotContain(browser.App.Logs, line => line.Contains(Password));
    }

    [Fact]
    public async Task UnsavedChanges_AskBeforeLeaving()
    {
        var providerId = await CreateProviderAsync("Leave Journey");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}/token-management");
        await page.WaitForInteractiveAsync();

        await page.Locator("#tm-enabled").CheckAsync();
        await page.Locator("#provider-nav a", new() { HasText = "Info" }).ClickAsync();

        await Expect(page.GetByText("Leave without saving?")).ToBeVisibleAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Stay" }).ClickAsync();
        Assert.EndsWith("/token-management", page.Url);
    }

    [Fact]
    public async Task Viewer_SeesTokenManagementWithoutSave()
    {
        var providerId = await CreateProviderAsync("Viewer Journey");
        await Members.CreateAsync(browser.App, "tm-viewer@example.com", BuiltInRoles.Viewer.Id);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("tm-viewer@example.com", Members.Password);
        await page.GotoAsync($"/providers/{providerId}/token-management");
        await page.WaitForInteractiveAsync();

        await Expect(page.Locator("#read-only")).ToBeVisibleAsync();
        await Expect(page.Locator("#tm-enabled")).ToBeVisibleAsync();
        await Expect(page.Locator("#save")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TlsProfile_ValidCaIsDescribed_GarbageIsExplained()
    {
        using var ca = TestCertificates.ValidCa("Journey Root CA");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync("/tls-profiles/new");
        await page.WaitForInteractiveAsync();

        await page.SetFieldAsync("#profile-name", "Partner");
        await page.SetFieldAsync("#profile-ca", "not a certificate");
        await page.ClickAsync("#save-profile");
        await Expect(page.GetByText("No certificate found")).ToBeVisibleAsync();

        await page.SetFieldAsync("#profile-ca", TestCertificates.Pem(ca));
        await Expect(page.Locator("#profile-ca-list")).ToContainTextAsync("CN=Journey Root CA");
        // The corrected field is no longer marked red.
        await Expect(page.Locator("#profile-ca").Locator("xpath=ancestor::div[contains(@class,'mud-input-control')][1]")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-input-error"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("tls-profile.png"), FullPage = true });
        await page.ClickAsync("#save-profile");
        await page.WaitForURLAsync("**/tls-profiles");
        await Expect(page.Locator("#profiles tbody tr", new() { HasText = "Partner" })).ToContainTextAsync("CN=Journey Root CA");
    }
}
