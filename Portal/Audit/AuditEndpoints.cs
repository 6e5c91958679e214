using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;

namespace Portal.Audit;

public static class AuditEndpoints
{
    /// <summary>The CSV export of the audit log's filtered records, written to the response as they are read.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit/export.csv", async (HttpContext context, AuditService audit, IServiceScopeFactory scopes, TimeProvider time) =>
            {
                if (!AuditFilter.TryParse(context.Request.Query, out var filter, out var error))
                {
                    await Results.BadRequest(error).ExecuteAsync(context);
                    return;
                }
                var actor = await CurrentActor.LoadAsync(scopes, context.User, context.RequestAborted)
                    with
                { ClientIp = context.Connection.RemoteIpAddress?.ToString() ?? "" };
                var lines = audit.ExportCsv(actor, filter.ToQuery(), context.RequestAborted);
                if (lines.Value is not { } rows)
                {
                    await Results.Forbid().ExecuteAsync(context);
                    return;
                }
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv\"";
                context.Response.Headers.CacheControl = "no-store";
                // A byte-order mark: spreadsheets then read the file as UTF-8 (the summaries contain "→").
                await context.Response.WriteAsync("\uFEFF", context.RequestAborted);
                await foreach (var line in rows.WithCancellation(context.RequestAborted))
                    await context.Response.WriteAsync(line + "\r\n", context.RequestAborted);
            })
            .RequireAuthorization(Permissions.AuditView.Name);
        return app;
    }

    /// <summary>
    /// <c>verify-audit</c> on the command line: checks the hash chain of the configured database, prints the verdict
    /// and returns 0 when intact, 1 when broken, 2 when there is no audit log to check.
    /// </summary>
    public static async Task<int> VerifyAuditAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if ((await db.Database.GetAppliedMigrationsAsync()).All(m => !m.EndsWith("_AuditLog", StringComparison.Ordinal)))
        {
            await Console.Error.WriteLineAsync($"No audit log in {db.Database.GetDbConnection().DataSource}: start the portal once to create it.");
            return 2;
        }
        var verdict = await AuditService.VerifyChainAsync(scope.ServiceProvider.GetRequiredService<IAuditStore>());
        Console.WriteLine($"Audit log {db.Database.GetDbConnection().DataSource}: {verdict.Message}");
        return verdict.Intact ? 0 : 1;
    }
}
