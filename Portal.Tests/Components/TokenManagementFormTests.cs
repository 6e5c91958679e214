using Bunit;
using Portal.Components.Shared;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.TestData;

namespace Portal.Tests.Components;

public sealed class TokenManagementFormTests : PortalComponentTest
{
    private readonly List<TokenManagementInput> _saved = [];

    private IRenderedComponent<TokenManagementForm> RenderForm(TokenManagementInput model, bool readOnly = false)
    {
        var validator = new TokenManagementInputValidator(new TokenManagementRules(), new KnownTlsProfiles());
        return Render<TokenManagementForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.ReadOnly, readOnly)
            .Add(f => f.Validate, m => validator.ValidateAsync(m))
            .Add(f => f.OnSave, m =>
            {
                _saved.Add(m);
                return Task.FromResult(Result.Ok("Saved."));
            }));
    }


    private static bool SaveDisabled(IRenderedComponent<TokenManagementForm> form) => form.Find("#save").HasAttribute("disabled");

    [Fact]
    public async Task TogglingType_ShowsOnlyThatTypesFields_AndKeepsTheOthersValues()
    {
        var form = RenderForm(new TokenManagementInput { Enabled = true, ClientRevocation = true });
        Assert.NotNull(form.Find("#native-section"));
        Assert.Empty(form.FindAll("#external-section"));

        await form.Find("#tm-external").ClickAsync(new());
        form.WaitForAssertion(() => Assert.NotNull(form.Find("#external-section")));
        Assert.Empty(form.FindAll("#native-section"));
        await ChangeAsync(form, "tm-endpoint", "https://tokens.example.com/check");

        await form.Find("#tm-native").ClickAsync(new());
        form.WaitForAssertion(() => Assert.NotNull(form.Find("#native-section")));
        Assert.True(form.Find("#tm-client").HasAttribute("checked"));
        await form.Find("#tm-external").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Equal("https://tokens.example.com/check", form.Find("#tm-endpoint").GetAttribute("value")));
        Assert.True(form.Instance.Model.ClientRevocation);
    }

    [Fact]
    public void V5Compatible_ShowsEndpointProfileAndPollInterval_NotBasicAuthentication()
    {
        var form = RenderForm(new TokenManagementInput { Enabled = true, Type = TokenManagementType.External, GatewayType = GatewayType.V5Compatible });

        Assert.NotNull(form.Find("#tm-endpoint"));
        Assert.NotNull(form.Find("#tm-poll-interval"));
        Assert.Empty(form.FindAll("#tm-security"));
        Assert.Empty(form.FindAll("#tm-header-name"));
    }

    [Fact]
    public async Task Save_IsOfferedOnlyWhenChangedAndValid()
    {
        var form = RenderForm(new TokenManagementInput());
        Assert.True(SaveDisabled(form)); // nothing changed

        await form.Find("#tm-enabled").ChangeAsync(new() { Value = true });
        form.WaitForAssertion(() => Assert.True(SaveDisabled(form))); // changed, but Native needs a path

        await form.Find("#tm-client").ChangeAsync(new() { Value = true });
        form.WaitForAssertion(() => Assert.False(SaveDisabled(form)));

        await form.Find("#save").ClickAsync(new());
        form.WaitForAssertion(() => Assert.Single(_saved));
    }

    [Fact]
    public async Task StoredPassword_ShowsAsSet_AndNoValueReachesTheMarkup()
    {
        var model = new TokenManagementInput
        {
            Enabled = true,
            Type = TokenManagementType.External,
            Endpoint = "https://tokens.example.com/",
            Security = ExternalSecurity.BasicAuthentication,
            Username = "portal",
            HasPassword = true,
        };
        var form = RenderForm(model);

        Assert.Equal("set", form.Find("#tm-password-status").TextContent.Trim());
        Assert.Empty(form.FindAll("input[type=password]"));

        await form.Find("#tm-password-replace").ClickAsync(new());
        form.WaitForAssertion(() => Assert.NotNull(form.Find("#tm-password-input")));
        Assert.Equal("", form.Find("#tm-password-input").GetAttribute("value") ?? "");
        Assert.True(SaveDisabled(form)); // a replacement must be typed first

        await form.Find("#tm-password-cancel").ClickAsync(new());
        form.WaitForAssertion(() => Assert.Equal("set", form.Find("#tm-password-status").TextContent.Trim()));
        await form.Find("#tm-password-clear").ClickAsync(new());
        form.WaitForAssertion(() => Assert.Equal("cleared when you save", form.Find("#tm-password-status").TextContent.Trim()));
        Assert.True(SaveDisabled(form)); // basic authentication without a password is not valid
        Assert.Contains("Basic authentication needs a password", form.Markup);
    }

    [Fact]
    public void EveryFieldOfTheSpec_IsOnThePage()
    {
        // Spec §4 (native and external), §8 (revocation request options), with the form-body and TTL fields opened.
        var form = RenderForm(new TokenManagementInput
        {
            Enabled = true,
            Type = TokenManagementType.External,
            Security = ExternalSecurity.BasicAuthentication,
            CacheType = ExternalCacheType.TimeToLive,
            ClientCredentialsLocation = ClientCredentialsLocation.FormBody,
        });
        string[] external =
        [
            "tm-enabled", "tm-native", "tm-external", "tm-endpoint", "tm-tls-profile", "tm-security", "tm-username", "tm-password",
            "tm-header-name", "tm-header-pattern", "tm-cache-type", "tm-cache-ttl", "tm-timeout", "tm-fail-on-error",
            "tm-form-body", "tm-client-id-field", "tm-client-secret-field", "tm-token-store", "tm-monitoring",
            "tm-monitoring-attribute", "tm-composite", "tm-purge",
        ];
        Assert.All(external, id => Assert.NotNull(form.Find($"#{id}")));

        var native = RenderForm(new TokenManagementInput { Enabled = true, Type = TokenManagementType.Native });
        Assert.NotNull(native.Find("#tm-resource-owner"));
        Assert.NotNull(native.Find("#tm-client"));
    }

    [Fact]
    public void ReadOnly_HasNoSaveButton()
    {
        var form = RenderForm(new TokenManagementInput { Enabled = true, ClientRevocation = true }, readOnly: true);

        Assert.Empty(form.FindAll("#save"));
        Assert.Empty(form.FindAll("#tm-password-replace"));
    }
}
