using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Components;
using Portal.Access;
using Portal.Domain.Access;

namespace Portal.Components.Shared;

/// <summary>
/// Base for pages that call domain services. A Blazor Server circuit lives for hours and delivers a second event
/// while the first still awaits, so each call runs in a DI scope of its own: its own DbContext, never shared between
/// two calls, and no entity stays tracked (or half-changed by a refused save) from one call to the next.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private CurrentActor Current { get; set; } = default!;

    /// <summary>Calls a service as the signed-in user, with the permissions the database gives them now.</summary>
    protected async Task<T> CallAsync<TService, T>(Func<TService, Actor, Task<T>> call) where TService : notnull
    {
        var actor = await Current.GetAsync();
        await using var scope = Scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>(), actor);
    }

    /// <summary>The signed-in user as the services see them.</summary>
    protected Task<Actor> ActorAsync() => Current.GetAsync();

    /// <summary>Runs the model's validator (which may ask the database) in a scope of its own.</summary>
    protected async Task<ValidationResult> ValidateAsync<T>(T model)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IValidator<T>>().ValidateAsync(model);
    }
}
