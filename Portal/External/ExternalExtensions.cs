using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Portal.Domain.Engine.External;
using Portal.Domain.TokenManagement;

namespace Portal.External;

public static class ExternalExtensions
{
    /// <summary>External token management (spec §5): the HTTP calls, their clients, the answer cache and the counters.</summary>
    public static IServiceCollection AddExternalTokenManagement(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddSingleton<TlsProfileChanges>();
        services.AddSingleton<ExternalClients>();
        services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(s => s.GetRequiredService<ExternalClients>());
        services.AddSingleton<IExternalTokenService, HttpExternalTokenService>();
        services.AddSingleton<IExternalAnswerCache, MemoryExternalAnswerCache>();
        services.AddSingleton<ExternalStatistics>();
        services.AddSingleton<ExternalTokenManagement>();
        services.AddScoped<ExternalHealthService>();
        services.AddSingleton<RevocationLists>();
        services.AddSingleton<RevocationListPolling>();
        services.AddSingleton<RevocationListPoller>();
        services.AddHostedService(s => s.GetRequiredService<RevocationListPoller>());
        return services;
    }
}
