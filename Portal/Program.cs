using MudBlazor.Services;
using Portal;
using Portal.Access;
using Portal.Components;
using Portal.Data;

var builder = WebApplication.CreateBuilder(args);

// The one appsettings.json sits at the repository root and is copied next to the binaries; environment
// variables and command-line arguments are added again so that they keep precedence over it.
builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);

builder.AddPortalData();
builder.Services.AddPortalDomain();
builder.Services.AddPortalAuthentication();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

var app = builder.Build();

await app.InitializeDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Entry point; public so that WebApplicationFactory&lt;Program&gt; can start the app in tests.</summary>
public partial class Program;
