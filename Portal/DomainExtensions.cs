using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Domain.TokenManagement;

namespace Portal;

public static class DomainExtensions
{
    /// <summary>The domain services and their validators (one per model), each scoped like the stores they use.</summary>
    public static IServiceCollection AddPortalDomain(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddValidatorsFromAssemblyContaining<ProviderInputValidator>(ServiceLifetime.Scoped);
        services.AddScoped<ProviderService>();
        services.AddScoped<MemberService>();
        services.AddScoped<RoleService>();
        services.AddScoped<TokenManagementService>();
        services.AddScoped<TlsProfileService>();
        services.AddScoped<AuditService>();
        services.AddScoped<ClientService>();
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<ProviderSnapshots>();
        services.AddSingleton<TokenKeys>();
        services.AddSingleton<TokenEngine>();
        services.AddSingleton<TokenCutoffs>();
        services.AddSingleton<IssuedTokenCounter>();
        services.AddScoped<ResourceOwnerService>();
        services.AddScoped<TokenAdminService>();
        services.AddScoped<ProviderHistoryService>();
        services.AddSingleton<TokenPolicySnapshots>();
        services.AddSingleton(provider => provider.GetRequiredService<IConfiguration>()
            .GetSection(TokenManagementRules.Section).Get<TokenManagementRules>() ?? new TokenManagementRules());
        return services;
    }
}
