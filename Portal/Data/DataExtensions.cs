using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Access;
using Portal.Audit;
using Portal.Data.Stores;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Domain.TokenManagement;
using Portal.OAuth;

namespace Portal.Data;

public static class DataExtensions
{
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddDbContext<PortalDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var environment = services.GetRequiredService<IHostEnvironment>();
            options.UseSqlite(ConnectionString(database, environment))
                .AddInterceptors(new SqlitePragmaInterceptor(database.BusyTimeoutMs));
        });

        builder.Services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<ApplicationRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();

        builder.Services.AddScoped<IProviderStore, EfProviderStore>();
        builder.Services.AddScoped<IAccessStore, IdentityAccessStore>();
        builder.Services.AddScoped<ITokenManagementStore, EfTokenManagementStore>();
        builder.Services.AddScoped<ITlsProfileStore, EfTlsProfileStore>();
        builder.Services.AddScoped<IAuditStore, EfAuditStore>();
        builder.Services.AddScoped<IClientStore, EfClientStore>();
        builder.Services.AddScoped<IResourceOwnerStore, EfResourceOwnerStore>();
        builder.Services.AddScoped<ITokenAdminStore, EfTokenAdminStore>();
        builder.Services.AddSingleton<IPasswordHashing, IdentityPasswordHashing>();
        builder.Services.AddScoped<IUnitOfWork, EfUnitOfWork>();
        builder.Services.AddScoped<EfAuditTrail>();

        // The engine's revocation index: in memory, durable in this database, pruned in the background.
        builder.Services.AddSingleton<DurableRevocationStore>();
        builder.Services.AddSingleton<IRevocationStore>(services => services.GetRequiredService<DurableRevocationStore>());
        builder.Services.AddHostedService(services => services.GetRequiredService<DurableRevocationStore>());
        builder.Services.AddSingleton<DurableGrantStore>();
        builder.Services.AddSingleton<IGrantStore>(services => services.GetRequiredService<DurableGrantStore>());
        builder.Services.AddHostedService(services => services.GetRequiredService<DurableGrantStore>());
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        builder.Services.AddSingleton<ClientRateLimiter>();
        builder.Services.AddSingleton<ProviderNameLock>();
        builder.Services.AddScoped<IAuditTrail>(services => services.GetRequiredService<EfAuditTrail>());

        // Keys in the database: they survive restarts and will serve every node; secrets stay readable after a restart.
        builder.Services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDbContext>();
        builder.Services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        return builder;
    }

    /// <summary>The SQLite connection string for the configured file; creates the file's folder.</summary>
    public static string ConnectionString(DatabaseOptions options, IHostEnvironment environment)
    {
        var path = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Path));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }
}
