using System.Text.Json;
using Portal.Domain.Access;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Cli;

/// <summary>
/// <c>seed-demo [--provider NAME] [--json]</c> on the command line: a provider to try the OAuth endpoints against, and one
/// new confidential client of it whose secret is printed (once, as the portal's page shows it). The provider (default
/// <c>demo</c>) is created when missing, allowing the client credentials grant, with introspection on and Native token
/// management with client revocation on; an existing provider of that name is used as it is. Everything goes through
/// the domain services, so it is validated and audited (as the system) like a change made in the portal. Run it with
/// the portal stopped: a running portal loads providers and clients into its engine at start-up only.
/// </summary>
public static class DemoSeed
{
    public const string Command = "seed-demo";
    public const string DefaultProvider = "demo";

    /// <summary>The system acting from the command line: the audit log records it as "system".</summary>
    private static readonly Actor SystemActor = new("", "", Permissions.Expand([Permissions.SettingsManage.Name]), IsOwner: false);

    /// <summary>Runs the command; 0 when the client was registered, 1 when something was refused, 2 for bad arguments.</summary>
    public static async Task<int> SeedDemoAsync(this WebApplication app, string[] args)
    {
        if (!TryParse(args, out var providerName, out var json, out var problem))
        {
            await Console.Error.WriteLineAsync($"{problem}\nUsage: {Command} [--provider NAME] [--json] [--Section:Key=value ...]");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await SeedAsync(scope.ServiceProvider, providerName);
        if (!outcome.IsSuccess)
        {
            await Console.Error.WriteLineAsync($"{Command}: {Describe(outcome)}");
            return 1;
        }
        var seeded = outcome.Value!;
        foreach (var warning in seeded.Warnings)
            await Console.Error.WriteLineAsync($"{Command}: {warning}");
        Console.WriteLine(json
            ? JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["provider"] = seeded.Provider,
                ["client_id"] = seeded.Client.ClientId,
                ["client_secret"] = seeded.Client.Secret!,
            })
            : $"PROVIDER={seeded.Provider}\nCLIENT_ID={seeded.Client.ClientId}\nCLIENT_SECRET={seeded.Client.Secret}");
        return 0;
    }

    /// <summary>What <see cref="SeedAsync"/> made: the provider's name, the new client, and what the provider lacks.</summary>
    public sealed record Seeded(string Provider, bool ProviderCreated, IssuedSecret Client, IReadOnlyList<string> Warnings);

    /// <summary>Creates the provider when missing, then a new confidential client of it.</summary>
    public static async Task<Result<Seeded>> SeedAsync(IServiceProvider services, string providerName, CancellationToken ct = default)
    {
        var providers = services.GetRequiredService<ProviderService>();
        var found = await providers.SearchAsync(SystemActor, new ProviderQuery(Search: providerName, PageSize: ProviderQuery.MaxPageSize), ct);
        if (!found.IsSuccess)
            return Result<Seeded>.From(found);
        var warnings = new List<string>();
        Guid providerId;
        var created = false;
        if (found.Value!.Items.FirstOrDefault(p => p.Name == providerName) is { } existing)
        {
            providerId = existing.Id;
            if (!existing.GrantTypes.HasFlag(GrantTypes.Application))
                return Result<Seeded>.From(Result.Conflict($"Provider '{providerName}' exists and does not allow the client credentials grant."));
        }
        else
        {
            var added = await providers.CreateAsync(SystemActor, new ProviderInput
            {
                Title = providerName,
                Name = providerName,
                Description = $"Created by `{Command}` to try the OAuth endpoints.",
                GrantTypes = GrantTypes.Application,
                ClientTypes = ClientTypes.Confidential,
                Scopes = [new ScopeInput { Name = "demo:read", Description = "Read" }, new ScopeInput { Name = "demo:write", Description = "Write" }],
                IntrospectionEnabled = true,
            }, ct);
            if (!added.IsSuccess)
                return Result<Seeded>.From(added);
            providerId = added.Value;
            created = true;

            var tokens = services.GetRequiredService<TokenManagementService>();
            var settings = await tokens.GetAsync(SystemActor, providerId, ct);
            if (!settings.IsSuccess)
                return Result<Seeded>.From(settings);
            var input = settings.Value!;
            input.Enabled = true;
            input.Type = TokenManagementType.Native;
            input.ClientRevocation = true;
            var saved = await tokens.SaveAsync(SystemActor, input, ct);
            if (!saved.IsSuccess)
                return Result<Seeded>.From(saved);
        }
        if ((await providers.FindAsync(SystemActor, providerId, ct)).Value is not { } provider)
            return Result<Seeded>.From(Result.NotFound($"Provider '{providerName}' was deleted meanwhile."));
        warnings.AddRange(await LacksAsync(services, provider, ct));

        var clients = services.GetRequiredService<ClientService>();
        var client = await clients.CreateAsync(SystemActor, providerId, new ClientInput
        {
            Name = $"{Command} {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}",
            Type = ClientTypes.Confidential,
            GrantTypes = GrantTypes.Application,
            Scopes = [.. provider.Scopes.Select(s => s.Name)],
        }, ct);
        return client.IsSuccess
            ? Result<Seeded>.Ok(new Seeded(providerName, created, client.Value!, warnings), client.Message)
            : Result<Seeded>.From(client);
    }

    /// <summary>What an existing provider does not offer of what the command sets up: said, not changed.</summary>
    private static async Task<List<string>> LacksAsync(IServiceProvider services, OAuthProvider provider, CancellationToken ct)
    {
        var lacks = new List<string>();
        if (!provider.IntrospectionEnabled)
            lacks.Add("introspection is off for this provider: /oauth2/introspect answers 404.");
        var tokens = (await services.GetRequiredService<TokenManagementService>().GetAsync(SystemActor, provider.Id, ct)).Value;
        if (tokens is not { Enabled: true, Type: TokenManagementType.Native, ClientRevocation: true })
            lacks.Add("client revocation (Native token management) is off for this provider: /oauth2/revoke answers 404.");
        return lacks;
    }

    private static bool TryParse(string[] args, out string provider, out bool json, out string problem)
    {
        provider = DefaultProvider;
        json = false;
        problem = "";
        for (var i = Array.IndexOf(args, Command) + 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--provider" when i + 1 < args.Length:
                    provider = args[++i];
                    break;
                case var arg when arg.StartsWith("--provider=", StringComparison.Ordinal):
                    provider = arg["--provider=".Length..];
                    break;
                case var arg when arg.Contains('=', StringComparison.Ordinal):
                    break; // a configuration override (--Database:Path=...), which the host reads
                default:
                    problem = $"Unexpected argument '{args[i]}'.";
                    return false;
            }
        }
        return true;
    }

    private static string Describe(Result result) =>
        result.Errors.Count == 0 ? result.Message : $"{result.Message} {string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}";
}
