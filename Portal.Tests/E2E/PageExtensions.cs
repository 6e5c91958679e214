using Microsoft.Playwright;

namespace Portal.Tests.E2E;

internal static class PageExtensions
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/providers");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync("**/providers");
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Waits for the Blazor circuit: input typed into the prerendered page before that would be lost.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Types into a MudBlazor text field and leaves it, which is when the value is bound.</summary>
    public static async Task SetFieldAsync(this IPage page, string selector, string value)
    {
        var field = page.Locator(selector);
        await field.FillAsync(value);
        await field.BlurAsync();
    }
}
