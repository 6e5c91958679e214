using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Access;
using Portal.Domain.Access;
using Portal.Domain.Common;

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

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Calls a service as the signed-in user, with the permissions the database gives them now.</summary>
    protected async Task<T> CallAsync<TService, T>(Func<TService, Actor, Task<T>> call) where TService : notnull
    {
        var actor = await Current.GetAsync();
        await using var scope = Scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>(), actor);
    }

    /// <summary>
    /// One page of a server-side <see cref="MudTable{T}"/>. MudTable cancels a load that a newer one (a search, the
    /// pager) replaces: that load yields an empty page instead of an exception that would end the circuit.
    /// </summary>
    protected async Task<TableData<TItem>> LoadTableAsync<TService, TPage, TItem>(
        Func<TService, Actor, Task<Result<TPage>>> call, Func<TPage, (IEnumerable<TItem> Items, int Total)> read)
        where TService : notnull
    {
        try
        {
            var result = await CallAsync(call);
            if (result.Value is { } page)
            {
                var (items, total) = read(page);
                return new TableData<TItem> { Items = items, TotalItems = total };
            }
            Snackbar.Add(result.Message, MudBlazor.Severity.Error);
        }
        catch (OperationCanceledException)
        {
        }
        return new TableData<TItem> { Items = [], TotalItems = 0 };
    }

    /// <summary>Reloads a table from its first page: after a new search, page 3 of the old result may not exist.</summary>
    protected static async Task ReloadFromFirstPageAsync<T>(MudTable<T> table)
    {
        if (table.CurrentPage != 0)
            table.NavigateTo(0);
        await table.ReloadServerData();
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
