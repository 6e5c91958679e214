using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Access;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.Audit;
using Portal.Tests.Http;
using Portal.Tests.TestData;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

public sealed class AuditJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A provider with three versions: created, token management switched to External, access token TTL changed.</summary>
    private async Task<Guid> ProviderWithHistoryAsync(string title)
    {
        var id = (await WithScope(s => s.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, Build.Provider(title)))).Value;
        var tokens = (await WithScope(s => s.GetRequiredService<TokenManagementService>().GetAsync(Actors.Owner, id))).Value!;
        tokens.Enabled = true;
        AuditTrailTests.External(tokens);
        tokens.CacheType = ExternalCacheType.TimeToLive;
        tokens.CacheTtl = 300;
        Assert.True((await WithScope(s => s.GetRequiredService<TokenManagementService>().SaveAsync(Actors.Owner, tokens))).IsSuccess);
        var settings = (await WithScope(s => s.GetRequiredService<ProviderService>().FindAsync(Actors.Owner, id))).Value!.ToInput();
        settings.AccessTokenTtl = 900;
        Assert.True((await WithScope(s => s.GetRequiredService<ProviderService>().UpdateAsync(Actors.Owner, settings))).IsSuccess);
        return id;
    }

    [Fact]
    public async Task Auditor_ComparesTwoVersions_SeesTheChangedFieldsHighlighted_AndIsNotOfferedRestore()
    {
        var providerId = await ProviderWithHistoryAsync("History Journey");
        await Members.CreateAsync(browser.App, "history-auditor@example.com", BuiltInRoles.Auditor.Id);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("history-auditor@example.com", Members.Password);
        await page.GotoAsync($"/providers/{providerId}");
        await page.WaitForInteractiveAsync();

        await page.Locator("#provider-nav a", new() { HasText = "History" }).ClickAsync();
        await Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#versions [data-cell=summary]").First).ToHaveTextAsync("Provider: Access token TTL 3600 → 900");
        // The newest change against the one before: only the TTL differs, and it is highlighted.
        var ttl = page.Locator("#comparison tr[data-field=AccessTokenTtl]");
        await Expect(ttl).ToHaveAttributeAsync("data-changed", "true");
        await Expect(ttl).ToHaveClassAsync("portal-changed");
        await Expect(page.Locator("#comparison tr[data-changed=true]")).ToHaveCountAsync(1);

        // Now the first version against the newest: token management and TTL differ, the password only as set / not set.
        var first = await page.Locator("#versions tbody tr").Last.Locator("[data-left]").GetAttributeAsync("data-left");
        await page.Locator($"[data-left='{first}']").ClickAsync();
        await Expect(page.Locator("#comparison tr[data-field=Type]")).ToHaveAttributeAsync("data-changed", "true");
        await Expect(page.Locator("#comparison tr[data-field=Type] td").Nth(1)).ToHaveTextAsync("Native");
        await Expect(page.Locator("#comparison tr[data-field=Type] td").Nth(2)).ToHaveTextAsync("External");
        await Expect(page.Locator("#comparison tr[data-field=CacheTtl]")).ToHaveAttributeAsync("data-changed", "true");
        await Expect(page.Locator("#comparison tr[data-field=Password] td").Nth(2)).ToHaveTextAsync("[redacted]");
        await Expect(page.Locator("#comparison tr[data-field=Title]")).ToHaveAttributeAsync("data-changed", "false");
        await Expect(page.Locator("[data-restore]")).ToHaveCountAsync(0);
        Assert.DoesNotContain(AuditTrailTests.ExternalPassword, await page.ContentAsync());
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("provider-history-compare.png"), FullPage = true });
    }

    [Fact]
    public async Task Owner_RestoresTheFirstVersion_AfterSeeingWhatChanges_AndTheCurrentPasswordIsKept()
    {
        var providerId = await ProviderWithHistoryAsync("Restore Journey");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);
        await page.GotoAsync($"/providers/{providerId}/history");
        await page.WaitForInteractiveAsync();

        await page.Locator("#versions tbody tr").Last.Locator("[data-restore]").ClickAsync();
        await Expect(page.Locator("#restore-changes tr[data-field=AccessTokenTtl]")).ToContainTextAsync("900");
        await Expect(page.Locator("#restore-changes tr[data-field=Type]")).ToContainTextAsync("External");
        await Expect(page.Locator("#restore-changes tr[data-field=Password]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#restore-secrets")).ToContainTextAsync("the external token management password stays as it is now");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("provider-history-restore.png"), FullPage = true });
        await page.ClickAsync("#restore-confirm");

        await Expect(page.GetByText("is restored. The current password was kept.")).ToBeVisibleAsync();
        await Expect(page.Locator("#versions tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator("#versions [data-cell=summary]").First).ToContainTextAsync("Token management restored:");
        var provider = (await WithScope(s => s.GetRequiredService<ProviderService>().FindAsync(Actors.Owner, providerId))).Value!;
        var tokens = (await WithScope(s => s.GetRequiredService<TokenManagementService>().GetAsync(Actors.Owner, providerId))).Value!;
        Assert.Equal((3600, TokenManagementType.Native, false, true), (provider.AccessTokenTtl, tokens.Type, tokens.Enabled, tokens.HasPassword));
        // Made from an interactive page: the records carry the address of the browser that opened it.
        var restores = (await AuditLog.AllAsync(browser.App)).Where(r => r.EntityId == providerId.ToString() && r.Action == "Restored").ToList();
        Assert.Equal(2, restores.Count);
        Assert.All(restores, r => Assert.Equal((PortalFactory.OwnerEmail, "127.0.0.1"), (r.ActorEmail, r.ClientIp)));
    }

    [Fact]
    public async Task Auditor_FiltersTheAuditLog_OpensARecord_AndVerifiesTheHistory()
    {
        await ProviderWithHistoryAsync("Audit Log Journey");
        await Members.CreateAsync(browser.App, "log-auditor@example.com", BuiltInRoles.Auditor.Id);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("log-auditor@example.com", Members.Password);
        await page.Locator("#nav-audit a", new() { HasText = "Audit log" }).ClickAsync();
        await page.WaitForURLAsync("**/audit");

        await page.SetFieldAsync("#filter-entity", "Audit Log Jour");
        await Expect(page.Locator("#records tbody tr")).ToHaveCountAsync(3);
        await page.Locator("#filter-type").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Token management" }).ClickAsync();
        await Expect(page.Locator("#records tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#export")).ToHaveAttributeAsync("href", "audit/export.csv?type=Token%20management&entity=Audit%20Log%20Jour");

        await page.Locator("#records tbody tr").First.ClickAsync();
        await Expect(page.Locator("#record-diff tr[data-field=Type]")).ToHaveAttributeAsync("data-changed", "true");
        await Expect(page.Locator("#record-diff tr[data-field=Password] td").Nth(2)).ToHaveTextAsync("[changed]");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("audit-record.png"), FullPage = true });
        await page.ClickAsync("#record-close");

        await page.ClickAsync("#verify");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("The history is intact,");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("audit-log.png"), FullPage = true });
    }
}
