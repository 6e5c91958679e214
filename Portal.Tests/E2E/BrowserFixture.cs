using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Tests.Http;

namespace Portal.Tests.E2E;

/// <summary>The portal on a real loopback port, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PortalFactory App { get; } = new KestrelPortalFactory();

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ChromiumPath}. Run ./test.sh, which installs it (apt-get install chromium).");
        }

        // A loaded CI machine (2 cores, the build just finished) can take longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(10_000);
        ((KestrelPortalFactory)App).Start();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The background-networking flags keep Chromium from calling out of this closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        await App.DisposeAsync();
    }

    /// <summary>Where screenshots go: next to the test binaries, so a CI run can keep them.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private sealed class KestrelPortalFactory : PortalFactory
    {
        public void Start()
        {
            UseKestrel(0);
            StartServer();
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The reference external service in the browser tests is plain HTTP on loopback.
            builder.UseSetting("TokenManagement:AllowInsecureExternalEndpoints", "true");
        }
    }
}
