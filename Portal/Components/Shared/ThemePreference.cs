namespace Portal.Components.Shared;

/// <summary>The light/dark choice is kept in a cookie, so the first render already has the right colours.</summary>
public static class ThemePreference
{
    public const string CookieName = "portal-theme";
    public const string CascadingName = "DarkMode";

    public static bool IsDark(HttpContext? context) =>
        context?.Request.Cookies.TryGetValue(CookieName, out var value) == true && value == "dark";

    public static MudBlazor.MudTheme Theme { get; } = new()
    {
        PaletteLight = new MudBlazor.PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
        },
        PaletteDark = new MudBlazor.PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
        },
        LayoutProperties = new MudBlazor.LayoutProperties { DrawerWidthLeft = "240px" },
    };
}
