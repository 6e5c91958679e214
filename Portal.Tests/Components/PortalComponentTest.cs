using Bunit;
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

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only IAsyncDisposable; xunit 2 would call the synchronous Dispose.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
