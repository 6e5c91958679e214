using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Data.Configurations;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.TokenManagement;
using Portal.OAuth;

namespace Portal.Data;

public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? OwnerEmail { get; set; }

    public string? OwnerPassword { get; set; }
}

/// <summary>Start-up work on the database: migrations, SQLite's journal mode, and the first Owner account.</summary>
public static class SeedData
{
    public const string DefaultOwnerEmail = "owner@portal.local";

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PortalDbContext>();
        await db.Database.MigrateAsync();
        // WAL lets readers carry on while one writer writes; the setting is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
        // Lets the query planner gather statistics where they are missing or stale (cheap; SQLite's advice at start-up).
        await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;");

        await SyncBuiltInRolesAsync(db, services.GetRequiredService<IAuditTrail>());
        var bootstrap = app.Configuration.GetSection(BootstrapOptions.Section).Get<BootstrapOptions>() ?? new();
        await EnsureOwnerAsync(services, bootstrap, app.Logger);
        await RecordBaselinesAsync(db, services.GetRequiredService<IAuditTrail>());

        // The engine reads token management from memory; fill it once, saves keep it current.
        var saved = await services.GetRequiredService<ITokenManagementStore>().AllAsync();
        services.GetRequiredService<TokenPolicySnapshots>().Load(saved.Select(TokenManagementPolicy.From));
        services.GetRequiredService<ProviderSnapshots>().Load(await services.GetRequiredService<PortalDbContext>().Providers.AsNoTracking().ToListAsync());
        var clients = await services.GetRequiredService<IClientStore>().AllAsync();
        services.GetRequiredService<ClientRegistry>().Load(clients.Select(ClientSnapshot.From));
        services.GetRequiredService<TokenKeys>().Load(await LoadTokenKeysAsync(db, services.GetRequiredService<ISecretProtector>()));
        await services.GetRequiredService<DurableRevocationStore>().LoadAsync();
        await services.GetRequiredService<DurableGrantStore>().LoadAsync();
        var cutoffs = services.GetRequiredService<TokenCutoffs>();
        foreach (var cutoff in await db.Set<TokenCutoff>().AsNoTracking().ToListAsync())
            cutoffs.Set(cutoff.ProviderId, cutoff.ClientId.Length == 0 ? null : cutoff.ClientId, cutoff.NotBefore);
    }

    /// <summary>
    /// Providers and token management saved before the audit log existed get a first version, as found ("Recorded" by
    /// the system): their history then starts from what they really were, not from empty settings.
    /// </summary>
    private static async Task RecordBaselinesAsync(PortalDbContext db, IAuditTrail audit)
    {
        var recordedProviders = (await db.AuditRecords.Where(r => r.EntityType == AuditEntityTypes.Provider).Select(r => r.EntityId).Distinct().ToListAsync()).ToHashSet();
        var recordedTokens = (await db.AuditRecords.Where(r => r.EntityType == AuditEntityTypes.TokenManagement).Select(r => r.EntityId).Distinct().ToListAsync()).ToHashSet();
        var providers = await db.Providers.AsNoTracking().ToListAsync();
        var tokens = (await db.TokenManagement.AsNoTracking().ToListAsync()).ToDictionary(t => t.ProviderId);
        foreach (var provider in providers)
        {
            if (!recordedProviders.Contains(provider.Id.ToString()))
                audit.Record(Actor.Nobody, AuditActions.Recorded, provider.AuditSubject, null, provider.ToAuditState());
            if (tokens.TryGetValue(provider.Id, out var settings) && !recordedTokens.Contains(provider.Id.ToString()))
                audit.Record(Actor.Nobody, AuditActions.Recorded, TokenManagementSettings.AuditSubjectOf(provider), null, settings.ToAuditState());
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The keys that sign the engine's tokens: made on the first start (256 random bits), stored protected.</summary>
    private static async Task<TokenKeyRing> LoadTokenKeysAsync(PortalDbContext db, ISecretProtector secrets)
    {
        var stored = await db.Set<TokenSigningKey>().AsNoTracking().OrderBy(k => k.Id).ToListAsync();
        if (stored.Count == 0)
        {
            var key = new TokenSigningKey
            {
                Id = 1,
                ProtectedSecret = secrets.Protect(SecretPurposes.TokenSigningKey(1), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
                CreatedAtUtc = DateTime.UtcNow,
            };
            db.Add(key);
            await db.SaveChangesAsync();
            stored.Add(key);
        }
        return new TokenKeyRing([.. stored.Select(k =>
            new TokenKey(k.Id, Convert.FromBase64String(secrets.Unprotect(SecretPurposes.TokenSigningKey(k.Id), k.ProtectedSecret))))]);
    }

    /// <summary>
    /// Built-in roles are defined in code; the database copy (and its permission claims) follows it at every start. A
    /// change (a release with other built-in permissions) is recorded as the system's; an unchanged role records nothing.
    /// </summary>
    private static async Task SyncBuiltInRolesAsync(PortalDbContext db, IAuditTrail audit)
    {
        foreach (var builtIn in BuiltInRoles.All)
        {
            var role = await db.Roles.FindAsync(builtIn.Id);
            var isNew = role is null;
            if (role is null)
            {
                role = new ApplicationRole { Id = builtIn.Id, IsBuiltIn = true };
                db.Roles.Add(role);
            }
            var before = isNew ? null : RoleInfo.AuditOf(role.Name ?? "", role.Description,
                await db.RoleClaims.Where(c => c.RoleId == builtIn.Id && c.ClaimType == PortalClaims.Permission).Select(c => c.ClaimValue!).ToListAsync());
            if (before is not null)
            {
                audit.Record(Actor.Nobody, AuditActions.Updated, new AuditSubject(AuditEntityTypes.Role, builtIn.Id, builtIn.Name), before,
                    RoleInfo.AuditOf(builtIn.Name, builtIn.Description, builtIn.Permissions));
            }
            role.Name = builtIn.Name;
            role.NormalizedName = builtIn.Name.ToUpperInvariant();
            role.Description = builtIn.Description;

            var claims = await db.RoleClaims.Where(c => c.RoleId == builtIn.Id && c.ClaimType == PortalClaims.Permission).ToListAsync();
            db.RoleClaims.RemoveRange(claims.Where(c => !builtIn.Permissions.Contains(c.ClaimValue!)));
            foreach (var permission in builtIn.Permissions.Where(p => claims.All(c => c.ClaimValue != p)))
                db.RoleClaims.Add(new IdentityRoleClaim<string> { RoleId = builtIn.Id, ClaimType = PortalClaims.Permission, ClaimValue = permission });
        }
        await db.SaveChangesAsync();
    }

    private static async Task EnsureOwnerAsync(IServiceProvider services, BootstrapOptions bootstrap, ILogger logger)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.Users.AnyAsync())
            return; // Only an empty database gets a bootstrap account.

        var email = string.IsNullOrWhiteSpace(bootstrap.OwnerEmail) ? DefaultOwnerEmail : bootstrap.OwnerEmail.Trim();
        var generated = string.IsNullOrEmpty(bootstrap.OwnerPassword);
        var password = generated ? Passwords.Generate() : bootstrap.OwnerPassword!;
        var owner = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Owner",
            CreatedAtUtc = DateTime.UtcNow,
        };
        // Written with the account (the system acts: nobody is signed in yet).
        services.GetRequiredService<IAuditTrail>().Record(Actor.Nobody, AuditActions.Created, new AuditSubject(AuditEntityTypes.Member, owner.Id, email),
            null, MemberInfo.AuditOf(email, owner.DisplayName, enabled: true, [BuiltInRoles.Owner.Name]));
        Check(await users.CreateAsync(owner, password), $"create the first Owner account ({email})");
        Check(await users.AddToRoleAsync(owner, BuiltInRoles.Owner.Name), "grant the Owner role");

        if (generated)
        {
            // Shown once: the password is not stored anywhere but as a hash.
            logger.LogWarning(
                "Created the first Owner account. Sign in with e-mail {Email} and password {Password}. " +
                "This password is shown only now: change it after signing in (your name in the top bar > Change password).",
                email, password);
        }
        else
        {
            logger.LogInformation("Created the first Owner account {Email} with the password from Bootstrap:OwnerPassword.", email);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
