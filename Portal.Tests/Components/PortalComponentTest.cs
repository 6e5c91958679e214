using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Portal.Tests.Components;

/// <summary>Base for bUnit tests of MudBlazor components.</summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>What a browser sends when the user types into a field and leaves it: change, then blur.</summary>
    protected static async Task ChangeAsync(IRenderedComponent<IComponent> form, string id, string value)
    {
        await form.Find($"#{id}").ChangeAsync(new() { Value = value });
        await form.Find($"#{id}").BlurAsync(new());
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only IAsyncDisposable; xunit 2 would call the synchronous Dispose.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
