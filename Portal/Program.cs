using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using Portal;
using Portal.Access;
using Portal.Audit;
using Portal.Cli;
using Portal.Components;
using Portal.Data;
using Portal.External;
using Portal.OAuth;

// `dotnet run --project Portal -- external-demo [--port 5099]`: a reference external token management service to try
// External mode against (Portal/Cli/ExternalDemo.cs); runs until Ctrl+C, without the portal.
if (args.Contains(ExternalDemo.Command))
    return await ExternalDemo.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddRootAppSettings();

builder.AddPortalData();
builder.Services.AddPortalDomain();
builder.Services.AddExternalTokenManagement();
builder.Services.AddPortalAuthentication();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

var app = builder.Build();

// `dotnet run --project Portal -- verify-audit`: check the audit log's hash chain and exit.
if (args.Contains("verify-audit"))
    return await app.VerifyAuditAsync();

await app.InitializeDatabaseAsync();

// `dotnet run --project Portal -- seed-demo [--provider NAME] [--json]`: a provider and a new client to try the OAuth
// endpoints with (Portal/Cli/DemoSeed.cs); prints the client's id and secret and exits.
if (args.Contains(DemoSeed.Command))
    return await app.SeedDemoAsync(args);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

// A TLS proxy passes the client's address and scheme on: the rate limits and the audit log see the client, and the
// OAuth endpoints know the request came over HTTPS. Only a proxy on this host is believed, and those listed in
// ForwardedHeaders:KnownProxies (a proxy in another container, say).
var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
foreach (var proxy in app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
    forwarded.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var address)
        ? address
        : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
app.UseForwardedHeaders(forwarded);
app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapAuditEndpoints();
app.MapOAuthEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
return 0;

/// <summary>Entry point; public so that WebApplicationFactory&lt;Program&gt; can start the app in tests.</summary>
public partial class Program;
