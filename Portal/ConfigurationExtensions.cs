using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Portal;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Reads the repository-root appsettings.json, which the build copies next to the binaries, in the place of the
    /// content root's appsettings.json: appsettings.{Environment}.json, user secrets, environment variables and
    /// command-line arguments still override it, however the app is started (run, test, publish).
    /// </summary>
    public static void AddRootAppSettings(this ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        var contentRootSettings = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        sources.Insert(contentRootSettings + 1, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
    }
}
