using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Access;
using Portal.Components.Shared;
using Portal.Domain.Access;

namespace Portal.Tests.Components;

public sealed class GuardedTests : PortalComponentTest
{
    private IRenderedComponent<Guarded> RenderGuarded(params Permission[] held)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetClaims([.. held.Select(p => new Claim(PortalClaims.Permission, p.Name))]);
        Render<MudPopoverProvider>();
        return Render<Guarded>(p => p
            .Add(g => g.Permission, Permissions.SettingsManage)
            .Add(g => g.ChildContent, (RenderFragment<bool>)(allowed => builder =>
            {
                builder.OpenElement(0, "button");
                builder.AddAttribute(1, "id", "action");
                builder.AddAttribute(2, "disabled", !allowed);
                builder.CloseElement();
            })));
    }

    [Fact]
    public void WithThePermission_ActionIsEnabled_WithoutTooltip()
    {
        var cut = RenderGuarded(Permissions.SettingsManage);

        Assert.False(cut.Find("#action").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll(".mud-tooltip-root"));
    }

    [Fact]
    public void WithoutThePermission_ActionIsDisabled_AndTheTooltipNamesIt()
    {
        var cut = RenderGuarded(Permissions.SettingsView);

        Assert.True(cut.Find("#action").HasAttribute("disabled"));
        var tooltip = cut.FindComponent<MudTooltip>();
        Assert.Equal("Requires the Settings:Manage permission", tooltip.Instance.Text);
    }
}
