using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Clients;
using Portal.Domain.Providers;
using Portal.Tests.Http;
using Portal.Tests.TestData;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

public sealed class ClientJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Owner_RegistersAnApplication_CopiesItsSecretOnce_AndTheSecretWorksOnlyAsAHash()
    {
        Guid providerId;
        await using (var scope = browser.App.Services.CreateAsyncScope())
            providerId = (await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider("Client Journey"))).Value;
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}");
        await page.WaitForInteractiveAsync();

        await page.Locator("#provider-nav a", new() { HasText = "Clients" }).ClickAsync();
        await page.ClickAsync("#new-client");
        await page.SetFieldAsync("#client-name", "Warehouse sync");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("client-register.png"), FullPage = true });
        await page.ClickAsync("#client-save");

        await Expect(page.Locator("#client-created")).ToHaveTextAsync("Application 'Warehouse sync' registered.");
        var clientId = await page.Locator("#client-id-value").InputValueAsync();
        var secret = await page.Locator("#client-secret-value").InputValueAsync();
        Assert.Equal(43, secret.Length);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("client-secret-once.png"), FullPage = true });
        await page.ClickAsync("#client-done");

        await Expect(page.Locator($"#clients [data-client-id='{clientId}']")).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync());
        var snapshot = browser.App.Services.GetRequiredService<ClientRegistry>().Find(clientId)!;
        Assert.True(snapshot.SecretMatches(secret, DateTime.UtcNow));
        Assert.Equal(GrantTypes.Application, snapshot.GrantTypes);
        Assert.Equal(["orders:read", "orders:write"], snapshot.Scopes.Order());
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("clients.png"), FullPage = true });
        Assert.DoesNotContain(browser.App.Logs, line => line.Contains(secret));
    }
}
