using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml.Linq;

namespace Portal.Cli;

/// <summary>
/// <c>external-demo [--port 5099] [--max-age SECONDS] [--user NAME --password PASSWORD]</c>: a reference external token
/// management service for trying External mode. It speaks spec §5 at <c>/tokens</c> (notifications by POST, validation
/// checks by GET), serves a v5 revocation list at <c>/revocations.xml</c> (§5.3), and has a small page at <c>/</c> to
/// revoke a token, a client or one user's grant by hand. It listens on loopback only and keeps everything in memory: the
/// tokens it was told about only as SHA-256 hashes, with their first characters to recognise them by.
/// </summary>
public static class ExternalDemo
{
    public const string Command = "external-demo";

    private sealed record Issued(string Hash, string Suffix, string Kind, string ClientId, string Owner, string Scope, long Generated);

    private sealed record ClientRevocation(string ClientId, string? Owner, long NotBefore);

    /// <summary>The service's memory: what it was told, and what was revoked by hand.</summary>
    private sealed class State
    {
        public ConcurrentQueue<Issued> Issued { get; } = new();
        public ConcurrentDictionary<string, long> RevokedTokens { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<(string ClientId, string? Owner), ClientRevocation> RevokedClients { get; } = new();

        /// <summary>When each token it was told about was issued: a client's revocation covers those issued before it.</summary>
        public ConcurrentDictionary<string, long> Generated { get; } = new(StringComparer.Ordinal);

        public void Remember(Issued issued)
        {
            if (Generated.Count > 100_000)
                Generated.Clear();
            Generated[issued.Hash] = issued.Generated;
            Issued.Enqueue(issued);
            while (Issued.Count > 200 && Issued.TryDequeue(out _))
            {
            }
        }
    }

    public sealed record Options(int Port, int? MaxAge, string? User, string? Password);

    /// <summary>Runs the service until Ctrl+C; 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            await Console.Error.WriteLineAsync($"{problem}\nUsage: {Command} [--port 5099] [--max-age SECONDS] [--user NAME --password PASSWORD]");
            return 2;
        }
        await using var app = await StartAsync(options);
        var url = app.Urls.First();
        Console.WriteLine($"""
            Reference external token management service, listening on {url} (loopback only).
              Endpoint for a provider's External settings: {url}/tokens
              v5 revocation list:                          {url}/revocations.xml
              Revoke by hand:                              {url}/
            Plain http:// endpoints need TokenManagement__AllowInsecureExternalEndpoints=true on the portal (local tests only).
            Press Ctrl+C to stop.
            """);
        await app.WaitForShutdownAsync();
        return 0;
    }

    public static bool TryParse(string[] args, out Options options, out string? problem)
    {
        int port = 5099;
        int? maxAge = null;
        string? user = null, password = null;
        options = new Options(port, null, null, null);
        problem = null;
        for (var i = Array.IndexOf(args, Command) + 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : "";
            switch (args[i])
            {
                case "--port" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535:
                    port = p;
                    break;
                case "--max-age" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var m):
                    maxAge = m;
                    break;
                case "--user":
                    user = Next();
                    break;
                case "--password":
                    password = Next();
                    break;
                default:
                    problem = $"{Command}: '{args[i]}' is not understood here.";
                    return false;
            }
        }
        if (string.IsNullOrEmpty(user) != string.IsNullOrEmpty(password))
        {
            problem = $"{Command}: give --user and --password together.";
            return false;
        }
        options = new Options(port, maxAge, user, password);
        return true;
    }

    /// <summary>Starts the service (port 0: any free port; see <see cref="WebApplication.Urls"/>).</summary>
    public static async Task<WebApplication> StartAsync(Options options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
        });
        var app = builder.Build();
        var state = new State();
        var credential = options.User is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}"));

        bool Authorized(HttpContext context) => credential is null || context.Request.Headers.Authorization.ToString() is { } given
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(credential));

        // Loopback only, by address and by name: a page elsewhere that rebinds its DNS name to 127.0.0.1 gets nothing.
        // With --user, the page asks for the same credential as the protocol.
        app.Use((context, next) =>
        {
            if (context.Request.Host.Host is not ("127.0.0.1" or "localhost" or "[::1]"))
                return Results.BadRequest().ExecuteAsync(context);
            if (!Authorized(context))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"external-demo\"";
                return Results.Unauthorized().ExecuteAsync(context);
            }
            return next(context);
        });

        // §5.1: a notification of what the portal issued.
        app.MapPost("/tokens", async (HttpContext context) =>
        {
            JsonElement body;
            try
            {
                body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement;
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }
            var kind = Text(body, "token_type");
            var owner = Text(body, "resource_owner");
            var client = Text(body, "client_id");
            var scope = Text(body, "scope");
            var generated = body.TryGetProperty("generated", out var g) && g.TryGetInt64(out var at) ? at : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var (field, label) in new[] { ("access_token", "access token"), ("refresh_token", "refresh token"), ("code", "code") })
            {
                if (Text(body, field) is { Length: > 0 } artifact)
                    state.Remember(new Issued(Hash(artifact), artifact[^Math.Min(10, artifact.Length)..], kind == "az_code" ? "code" : label, client, owner, scope, generated));
            }
            return Results.Json(new { status = "ok" });
        });

        // §5.2: is this artifact still allowed?
        app.MapGet("/tokens", (HttpContext context) =>
        {
            var headers = context.Request.Headers;
            var artifact = headers["access-token"].ToString() is { Length: > 0 } a ? a
                : headers["refresh-token"].ToString() is { Length: > 0 } r ? r : headers["code"].ToString();
            if (artifact.Length == 0)
                return Results.BadRequest();
            var client = headers["client-id"].ToString();
            var owner = headers["resource-owner"].ToString();
            var hash = Hash(artifact);
            // A token it was never told about counts as issued before any revocation.
            var generated = state.Generated.GetValueOrDefault(hash, long.MinValue);
            long? revokedAt = state.RevokedTokens.TryGetValue(hash, out var t) ? t
                : state.RevokedClients.TryGetValue((client, null), out var c) && generated <= c.NotBefore ? c.NotBefore
                : state.RevokedClients.TryGetValue((client, owner), out var o) && generated <= o.NotBefore ? o.NotBefore : null;
            if (options.MaxAge is { } maxAge)
                context.Response.Headers.CacheControl = $"max-age={maxAge}";
            return revokedAt is { } at ? Results.Json(new { active = false, revoked_at = at }) : Results.Json(new { active = true });
        });

        // §5.3: the v5 list of client and user-of-client revocations.
        app.MapGet("/revocations.xml", (HttpContext context) =>
        {
            var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("oauth-revocation",
                state.RevokedClients.Values.OrderBy(r => r.NotBefore).Select(r => new XElement("revoke",
                    new XAttribute("client-id", r.ClientId),
                    r.Owner is null ? null : new XAttribute("resource-owner", r.Owner),
                    new XAttribute("not-before", r.NotBefore)))));
            return Results.Text(document.Declaration + "\n" + document.Root, "application/xml", Encoding.UTF8);
        });

        // The page: what the portal issued, and revocation by hand.
        app.MapGet("/", () => Results.Content(Page(state), "text/html; charset=utf-8"));
        app.MapPost("/revoke", async (HttpContext context) =>
        {
            // A form of this page only: a page elsewhere cannot post here on the visitor's behalf.
            if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin && origin != $"{context.Request.Scheme}://{context.Request.Host}")
                return Results.StatusCode(403);
            var form = await context.Request.ReadFormAsync();
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (form["hash"].ToString() is { Length: > 0 } hash)
                state.RevokedTokens[hash] = now;
            if (form["token"].ToString().Trim() is { Length: > 0 } token)
                state.RevokedTokens[Hash(token)] = now;
            if (form["client-id"].ToString().Trim() is { Length: > 0 } client)
            {
                var owner = form["resource-owner"].ToString().Trim() is { Length: > 0 } o ? o : null;
                state.RevokedClients[(client, owner)] = new ClientRevocation(client, owner, now);
            }
            return Results.Redirect("/");
        });

        await app.StartAsync();
        return app;
    }

    private static string Text(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Hash(string artifact) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(artifact))).ToLowerInvariant();

    private static string Page(State state)
    {
        var html = HtmlEncoder.Default;
        var rows = new StringBuilder();
        foreach (var issued in state.Issued.Reverse())
        {
            var revoked = state.RevokedTokens.ContainsKey(issued.Hash);
            rows.Append(CultureInfo.InvariantCulture, $"""
                <tr data-hash="{issued.Hash}"><td><code>…{html.Encode(issued.Suffix)}</code></td><td>{html.Encode(issued.Kind)}</td><td>{html.Encode(issued.ClientId)}</td>
                <td>{html.Encode(issued.Owner)}</td><td>{html.Encode(issued.Scope)}</td><td>{DateTimeOffset.FromUnixTimeSeconds(issued.Generated):yyyy-MM-dd HH:mm:ss}</td>
                <td>{(revoked ? "revoked" : $"<form method=post action=/revoke><input type=hidden name=hash value={issued.Hash}><button>Revoke</button></form>")}</td></tr>
                """);
        }
        var clients = string.Concat(state.RevokedClients.Values.Select(r =>
            $"<li>client <code>{html.Encode(r.ClientId)}</code>{(r.Owner is null ? "" : $", user <code>{html.Encode(r.Owner)}</code>")}: tokens issued before {DateTimeOffset.FromUnixTimeSeconds(r.NotBefore):yyyy-MM-dd HH:mm:ss} UTC</li>"));
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>External token service (demo)</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
            td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}form.inline{display:flex;gap:.5rem;margin:.5rem 0}input{padding:.3rem}</style></head>
            <body><h1>External token service (demo)</h1>
            <p>A reference service for the portal's External token management: it is told about every token the portal issues and answers the portal's checks. Revoke a token here and the portal refuses it (at once without a cache, after the cache's time with one).</p>
            <h2>Revoke by hand</h2>
            <form class="inline" method="post" action="/revoke"><input name="token" size="60" placeholder="Paste a token" aria-label="Token"><button id="revoke-token">Revoke token</button></form>
            <form class="inline" method="post" action="/revoke"><input name="client-id" placeholder="client id" aria-label="Client id"><input name="resource-owner" placeholder="user (optional)" aria-label="User"><button id="revoke-client">Revoke client's tokens</button></form>
            <ul>{{clients}}</ul>
            <h2>Tokens the portal issued (latest first)</h2>
            <table><thead><tr><th>Token</th><th>Kind</th><th>Client</th><th>Owner</th><th>Scope</th><th>Issued (UTC)</th><th></th></tr></thead><tbody id="issued">{{rows}}</tbody></table>
            </body></html>
            """;
    }
}
