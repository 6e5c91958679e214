using FluentValidation;
using Portal.Domain.Access;
using Portal.Domain.Providers;

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
        return services;
    }
}
