using Microsoft.Playwright;
using Portal.Tests.Http;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>Walks the pages a user meets, checks what each must show, and keeps a screenshot of each.</summary>
public sealed class PageTourTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignInPage_WrongPassword_ShowsTheMessageInTheStyledForm()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", PortalFactory.OwnerEmail);
        await page.FillAsync("#password", "wrong password");
        await page.ClickAsync("#login");

        await Expect(page.Locator("#login-error")).ToContainTextAsync("not correct");
        // MudBlazor's stylesheet is applied: the button is a filled primary Material button.
        await Expect(page.Locator("#login")).ToHaveCSSAsync("text-transform", "uppercase");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("sign-in.png") });
    }

    [Fact]
    public async Task NewProvider_InvalidInput_ShowsFieldMessagesAndSavesNothing()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync("/providers/new");
        await page.WaitForInteractiveAsync();

        await page.SetFieldAsync("#name", "Bad Name/x");
        await page.SetFieldAsync("#access-token-ttl", "0");
        await page.ClickAsync("#refresh-enabled");
        await page.SetFieldAsync("#refresh-count", "0");
        await page.ClickAsync("#save");

        await Expect(page.Locator("#form-alert")).ToContainTextAsync("Nothing was saved");
        await Expect(page.GetByText("Enter a title.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Use lower-case letters")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter between 1 and 31536000 seconds")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter between 1 and 4096 refreshes.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Add at least one scope.")).ToBeVisibleAsync();
        Assert.EndsWith("/providers/new", page.Url);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("provider-new-invalid.png"), FullPage = true });
    }

    [Fact]
    public async Task ProviderPages_ShowInfoAndSettingsInTheProviderSidebar()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync("/providers/new");
        await page.WaitForInteractiveAsync();
        await page.SetFieldAsync("#title", "Billing Service");
        await page.SetFieldAsync("#description", "Tokens for the billing API.");
        await page.ClickAsync("#add-scope");
        await page.SetFieldAsync("#scope-name-0", "billing:read");
        await page.ClickAsync("#save");
        await Expect(page.Locator("#provider-info")).ToContainTextAsync("billing-service");

        await Expect(page.Locator("#provider-nav a")).ToHaveTextAsync(["Info", "Settings", "Clients", "Users", "Token Management", "Tokens", "History"]);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("provider-info.png"), FullPage = true });

        await page.Locator("#provider-nav a", new() { HasText = "Settings" }).ClickAsync();
        await page.WaitForURLAsync("**/settings");
        await Expect(page.Locator("#title")).ToHaveValueAsync("Billing Service");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("provider-settings.png"), FullPage = true });
    }

    [Fact]
    public async Task ThemeToggle_IsRememberedAcrossVisits()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        var background = await BackgroundAsync(page);

        await page.ClickAsync("#theme-toggle");
        await page.WaitForFunctionAsync("() => document.cookie.includes('portal-theme=dark')");
        var dark = await BackgroundAsync(page);
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();

        Assert.NotEqual(background, dark);
        Assert.Equal(dark, await BackgroundAsync(page));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("providers-dark.png") });
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
