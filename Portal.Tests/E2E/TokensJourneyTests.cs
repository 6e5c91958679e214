using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Clients;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Domain.TokenManagement;
using Portal.Tests.Http;
using Portal.Tests.TestData;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

public sealed class TokensJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<T> Service<T, TService>(Func<TService, Task<T>> call) where TService : notnull
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<JsonElement> PostAsync(string path, IssuedSecret client, params (string, string)[] fields)
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client.ClientId}:{client.Secret}")));
        var response = await http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }

    [Fact]
    public async Task Owner_RevokesEveryTokenOfAnApplication_AfterThePreview_AndIntrospectionThenSaysInactive()
    {
        var input = Build.Provider("Tokens Journey");
        input.GrantTypes = GrantTypes.Application | GrantTypes.Password;
        input.IntrospectionEnabled = true;
        input.RefreshTokensEnabled = true;
        input.RefreshTokenCount = 3;
        input.RefreshTokenTtl = input.AccessTokenTtl + 3600;
        var providerId = (await Service((ProviderService s) => s.CreateAsync(Actors.Owner, input))).Value;
        var settings = (await Service((TokenManagementService s) => s.GetAsync(Actors.Owner, providerId))).Value!;
        settings.Enabled = true;
        settings.Type = TokenManagementType.Native;
        settings.ClientRevocation = true;
        Assert.True((await Service((TokenManagementService s) => s.SaveAsync(Actors.Owner, settings))).IsSuccess);
        ClientInput Client(string name) => new() { Name = name, Type = ClientTypes.Confidential, GrantTypes = GrantTypes.Application | GrantTypes.Password, Scopes = ["orders:read"] };
        var mobile = (await Service((ClientService s) => s.CreateAsync(Actors.Owner, providerId, Client("Mobile app")))).Value!;
        var gateway = (await Service((ClientService s) => s.CreateAsync(Actors.Owner, providerId, Client("API gateway")))).Value!;
        var alice = (await Service((ResourceOwnerService s) => s.CreateAsync(Actors.Owner, providerId, new ResourceOwnerInput { UserName = "alice" }))).Value!;

        var machine = (await PostAsync($"/{input.Name}/oauth2/token", mobile, ("grant_type", "client_credentials"))).GetProperty("access_token").GetString()!;
        var user = (await PostAsync($"/{input.Name}/oauth2/token", mobile, ("grant_type", "password"), ("username", "alice"), ("password", alice.Password)))
            .GetProperty("access_token").GetString()!;
        Assert.True((await PostAsync($"/{input.Name}/oauth2/introspect", gateway, ("token", machine))).GetProperty("active").GetBoolean());

        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}");
        await page.WaitForInteractiveAsync();
        await page.Locator("#provider-nav a", new() { HasText = "Tokens" }).ClickAsync();
        await Expect(page.Locator("#grants tbody tr", new() { HasText = "alice" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("tokens.png"), FullPage = true });

        await page.Locator("#revoke-client").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Mobile app" }).ClickAsync();
        await page.ClickAsync("#revoke-client-all");
        await Expect(page.Locator("#revoke-counts [data-grants]")).ToHaveTextAsync("1");
        await Expect(page.Locator("#revoke-counts [data-tokens]")).ToHaveTextAsync("2");
        await Expect(page.Locator("#revoke-confirm")).ToBeDisabledAsync();
        await page.Locator("#revoke-confirmation").FillAsync("Mobile app");
        await Expect(page.Locator("#revoke-confirm")).ToBeDisabledAsync();
        await page.Locator("#revoke-confirmation").FillAsync(mobile.ClientId);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("tokens-revoke-preview.png"), FullPage = true });
        await page.ClickAsync("#revoke-confirm");

        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Revoked" })).ToBeVisibleAsync();
        await Expect(page.Locator("#grants tbody tr", new() { HasText = "alice" })).ToHaveCountAsync(0);
        Assert.False((await PostAsync($"/{input.Name}/oauth2/introspect", gateway, ("token", machine))).GetProperty("active").GetBoolean());
        Assert.False((await PostAsync($"/{input.Name}/oauth2/introspect", gateway, ("token", user))).GetProperty("active").GetBoolean());
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("tokens-revoked.png"), FullPage = true });
    }

    [Fact]
    public async Task Owner_AddsAUser_SeesTheGeneratedPasswordOnce_AndThePasswordGrantAcceptsIt()
    {
        var input = Build.Provider("Users Journey");
        input.GrantTypes = GrantTypes.Application | GrantTypes.Password;
        var providerId = (await Service((ProviderService s) => s.CreateAsync(Actors.Owner, input))).Value;
        var app = (await Service((ClientService s) => s.CreateAsync(Actors.Owner, providerId,
            new ClientInput { Name = "Mobile app", Type = ClientTypes.Confidential, GrantTypes = GrantTypes.Password, Scopes = ["orders:read"] }))).Value!;

        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}");
        await page.WaitForInteractiveAsync();
        await page.Locator("#provider-nav a", new() { HasText = "Users" }).ClickAsync();
        await page.ClickAsync("#new-user");
        await page.SetFieldAsync("#user-name", "bob smith");
        await page.ClickAsync("#user-save");
        await Expect(page.Locator(".mud-dialog .mud-input-helper-text.mud-input-error")).ToContainTextAsync("no spaces");
        await page.SetFieldAsync("#user-name", "alice");
        await page.ClickAsync("#user-save");

        await Expect(page.Locator("#user-saved")).ToHaveTextAsync("User 'alice' added.");
        var password = await page.Locator("#client-secret-value").InputValueAsync();
        Assert.Equal(24, password.Length);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("user-password-once.png"), FullPage = true });
        await page.ClickAsync("#user-close");
        await Expect(page.Locator("#users [data-user='alice']")).ToBeVisibleAsync();
        Assert.DoesNotContain(password, await page.ContentAsync());
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("users.png"), FullPage = true });

        var token = await PostAsync($"/{input.Name}/oauth2/token", app, ("grant_type", "password"), ("username", "alice"), ("password", password));
        Assert.Equal("orders:read", token.GetProperty("scope").GetString());
        Assert.DoesNotContain(browser.App.Logs, line => line.Contains(password));
    }
}
