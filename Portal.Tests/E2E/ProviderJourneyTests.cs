using Microsoft.Playwright;
using Portal.Tests.Http;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

public sealed class ProviderJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Owner_CreatesSeesEditsAndDeletesAProvider()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);

        // Create: the name is derived from the title.
        await page.ClickAsync("#new-provider");
        await page.WaitForURLAsync("**/providers/new");
        await page.WaitForInteractiveAsync();
        await page.SetFieldAsync("#title", "Orders API");
        await Expect(page.Locator("#name")).ToHaveValueAsync("orders-api");
        await page.ClickAsync("#add-scope");
        await page.SetFieldAsync("#scope-name-0", "orders:read");
        await page.SetFieldAsync("#scope-description-0", "Read orders");
        await page.ClickAsync("#save");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/providers/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#provider-info")).ToContainTextAsync("orders-api");

        // See it in the list.
        await page.GotoAsync("/providers");
        await page.WaitForInteractiveAsync();
        var row = page.Locator("#providers tbody tr", new() { HasText = "Orders API" });
        await Expect(row).ToContainTextAsync("1 h");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("providers-list.png"), FullPage = true });
        output.WriteLine($"Screenshot: {BrowserFixture.ScreenshotPath("providers-list.png")}");

        // Edit the access token TTL.
        await row.GetByLabel("Edit Orders API").ClickAsync();
        await page.WaitForURLAsync("**/settings");
        await page.WaitForInteractiveAsync();
        await page.SetFieldAsync("#access-token-ttl", "900");
        await page.ClickAsync("#save");
        await Expect(page.GetByText("Provider 'Orders API' saved.")).ToBeVisibleAsync();
        // A second save on the same page starts from the version the first one wrote.
        var version = await page.Locator("#provider-form").GetAttributeAsync("data-version");
        await page.SetFieldAsync("#access-token-ttl", "1200");
        await page.ClickAsync("#save");
        await Expect(page.Locator("#provider-form")).Not.ToHaveAttributeAsync("data-version", version!);
        await Expect(page.Locator("#form-alert")).ToHaveCountAsync(0);
        await page.GotoAsync("/providers");
        await Expect(page.Locator("#providers tbody tr", new() { HasText = "Orders API" })).ToContainTextAsync("20 min");

        // Delete, after confirming.
        await page.WaitForInteractiveAsync();
        await page.ClickAsync("[data-delete='orders-api']");
        await Expect(page.GetByText("Its endpoints stop answering at once")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Provider 'Orders API' deleted.")).ToBeVisibleAsync();
        await Expect(page.Locator("#providers")).ToContainTextAsync("No providers yet");
    }

    [Fact]
    public async Task TwoEditors_SecondSaveIsRefused_AndTheFirstEditStands()
    {
        var alice = await browser.NewPageAsync();
        await alice.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await alice.GotoAsync("/providers/new");
        await alice.WaitForInteractiveAsync();
        await alice.SetFieldAsync("#title", "Shared Provider");
        await alice.ClickAsync("#add-scope");
        await alice.SetFieldAsync("#scope-name-0", "shared");
        await alice.ClickAsync("#save");
        await alice.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/providers/[0-9a-f-]{36}$"));
        var settings = alice.Url + "/settings";

        var bob = await browser.NewPageAsync();
        await bob.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await bob.GotoAsync(settings);
        await bob.WaitForInteractiveAsync();
        await alice.GotoAsync(settings);
        await alice.WaitForInteractiveAsync();

        await alice.SetFieldAsync("#access-token-ttl", "900");
        await alice.ClickAsync("#save");
        await Expect(alice.GetByText("Provider 'Shared Provider' saved.")).ToBeVisibleAsync();

        await bob.SetFieldAsync("#access-token-ttl", "60");
        await bob.SetFieldAsync("#title", "Bob's title");
        await bob.ClickAsync("#save");
        await Expect(bob.Locator("#form-alert")).ToContainTextAsync("Someone else changed this provider after you opened it");
        await Expect(bob.Locator("#page-title")).ToHaveTextAsync("Shared Provider"); // the page still shows what is stored
        await bob.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("provider-conflict.png") });

        // Bob reloads and sees Alice's values: nothing of his was written.
        await bob.ClickAsync("#reload");
        await Expect(bob.Locator("#access-token-ttl")).ToHaveValueAsync("900");
        await Expect(bob.Locator("#title")).ToHaveValueAsync("Shared Provider");
    }
}
