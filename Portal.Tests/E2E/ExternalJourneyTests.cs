using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cli;
using Portal.Domain.Clients;
using Portal.Domain.Providers;
using Portal.Tests.Http;
using Portal.Tests.TestData;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>External token management against the reference service, clicked through in Chromium.</summary>
public sealed class ExternalJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<JsonElement> PostAsync(HttpClient http, string path, IssuedSecret client, params (string, string)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.Secret!)}")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Owner_PointsAProviderAtTheReferenceService_TestsIt_AndARevocationThereTakesEffectAfterTheCacheTtl()
    {
        await using var service = await ExternalDemo.StartAsync(new ExternalDemo.Options(0, null, null, null));
        var serviceUrl = service.Urls.First();
        var input = Build.Provider("External Demo Journey");
        input.GrantTypes = GrantTypes.Application;
        input.IntrospectionEnabled = true;
        Guid providerId;
        IssuedSecret client;
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            providerId = (await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, input)).Value;
            client = (await scope.ServiceProvider.GetRequiredService<ClientService>().CreateAsync(Actors.Owner, providerId,
                new ClientInput { Name = "Orders backend", Type = ClientTypes.Confidential, GrantTypes = GrantTypes.Application, Scopes = ["orders:read"] })).Value!;
        }

        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}/token-management");
        await page.WaitForInteractiveAsync();
        await page.Locator("#tm-enabled").CheckAsync();
        await page.Locator("#tm-external").CheckAsync();
        await page.SetFieldAsync("#tm-endpoint", $"{serviceUrl}/tokens");
        await page.Locator("#tm-cache-type").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Time to live" }).ClickAsync();
        await page.SetFieldAsync("#tm-cache-ttl", "1");
        await page.ClickAsync("#tm-test"); // before saving: the form's settings, as typed
        await Expect(page.Locator("#tm-test-result")).ToHaveAttributeAsync("data-stage", "Passed");
        await Expect(page.Locator("#tm-test-result")).ToContainTextAsync("Connected.");
        await page.ClickAsync("#save");
        await Expect(page.GetByText("Token management of 'External Demo Journey' saved.")).ToBeVisibleAsync();

        await Expect(page.Locator("#staleness")).ToContainTextAsync("may still be accepted for up to 1 s because of the cache");
        await page.ClickAsync("#test-connection");
        await Expect(page.Locator("#probe-result")).ToContainTextAsync("Connected.");
        await Expect(page.Locator("#probe-result")).ToHaveAttributeAsync("data-stage", "Passed");

        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var token = (await PostAsync(http, $"/{input.Name}/oauth2/token", client, ("grant_type", "client_credentials"))).GetProperty("access_token").GetString()!;
        Assert.True((await PostAsync(http, $"/{input.Name}/oauth2/introspect", client, ("token", token))).GetProperty("active").GetBoolean());
        await page.ClickAsync("#refresh-health");
        await Expect(page.Locator("#health-calls")).ToHaveTextAsync("2");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("token-management-external-health.png"), FullPage = true });

        // The service's own page lists the token the portal told it about; revoke it there.
        var demo = await browser.NewPageAsync();
        await demo.GotoAsync(serviceUrl);
        await Expect(demo.Locator("#issued tr")).ToHaveCountAsync(1);
        await demo.Locator("#issued tr").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(demo.Locator("#issued tr")).ToContainTextAsync("revoked");
        await demo.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("external-demo-service.png"), FullPage = true });

        // Within the 1 s the cache may still say active; after it, the service's answer counts.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        bool active;
        do
        {
            active = (await PostAsync(http, $"/{input.Name}/oauth2/introspect", client, ("token", token))).GetProperty("active").GetBoolean();
        }
        while (active && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        Assert.False(active);
    }

    [Fact]
    public async Task AV5Provider_PollsTheReferenceServicesList_AndShowsWhatIsInForce()
    {
        await using var service = await ExternalDemo.StartAsync(new ExternalDemo.Options(0, null, null, null));
        var serviceUrl = service.Urls.First();
        var input = Build.Provider("V5 Demo Journey");
        input.GatewayType = GatewayType.V5Compatible;
        input.GrantTypes = GrantTypes.Application;
        Guid providerId;
        await using (var scope = browser.App.Services.CreateAsyncScope())
            providerId = (await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, input)).Value;

        // Revoke an application's tokens in the reference service by hand; it lists that in its v5 document.
        var demo = await browser.NewPageAsync();
        await demo.GotoAsync(serviceUrl);
        await demo.GetByLabel("Client id").FillAsync("legacy-batch");
        await demo.ClickAsync("#revoke-client");
        await Expect(demo.GetByText("client legacy-batch")).ToBeVisibleAsync();

        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}/token-management");
        await page.WaitForInteractiveAsync();
        await page.Locator("#tm-enabled").CheckAsync();
        await page.Locator("#tm-external").CheckAsync();
        await page.SetFieldAsync("#tm-endpoint", $"{serviceUrl}/revocations.xml");
        await page.ClickAsync("#save");
        await Expect(page.GetByText("Token management of 'V5 Demo Journey' saved.")).ToBeVisibleAsync();

        await Expect(page.Locator("#staleness")).ToContainTextAsync("takes effect at the next poll, up to 60 s later");
        await page.ClickAsync("#test-connection");
        await Expect(page.Locator("#probe-result")).ToContainTextAsync("1 revocation entry is in force");
        await Expect(page.Locator("#health-list-entries")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("token-management-v5-health.png"), FullPage = true });
    }
}
