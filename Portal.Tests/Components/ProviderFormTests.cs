using AngleSharp.Dom;
using Bunit;
using Portal.Components.Shared;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Tests.TestData;

namespace Portal.Tests.Components;

public sealed class ProviderFormTests : PortalComponentTest
{
    private readonly InMemoryProviderStore _store = new();
    private readonly List<ProviderInput> _saved = [];

    private IRenderedComponent<ProviderForm> RenderForm(ProviderInput model, bool isNew = true) =>
        Render<ProviderForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.IsNew, isNew)
            .Add(f => f.Validate, m => new ProviderInputValidator(_store).ValidateAsync(m))
            .Add(f => f.OnSave, input =>
            {
                _saved.Add(input);
                return Task.FromResult(Result.Ok("Saved."));
            }));


    [Fact]
    public async Task Save_EmptyForm_ShowsFieldMessagesAndDoesNotSave()
    {
        var form = RenderForm(new ProviderInput());

        await form.Find("#save").ClickAsync(new());

        form.WaitForAssertion(() =>
        {
            Assert.Contains("Enter a title.", form.Markup);
            Assert.Contains("Enter a name.", form.Markup);
            Assert.Contains("Add at least one scope.", form.Markup);
            Assert.Contains("Nothing was saved", form.Markup);
        });
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Save_InvalidFields_ShowsEachMessageNextToItsField()
    {
        var form = RenderForm(Build.Provider());

        await ChangeAsync(form, "name", "Bad Name/x");
        await ChangeAsync(form, "access-token-ttl", "0");
        await ChangeAsync(form, "scope-name-1", "orders:read");
        await form.Find("#save").ClickAsync(new());

        form.WaitForAssertion(() =>
        {
            Assert.Contains("Use lower-case letters", ErrorOf(form, "name"));
            Assert.Contains("Enter between 1 and 31536000 seconds", ErrorOf(form, "access-token-ttl"));
            Assert.Contains("listed more than once", ErrorOf(form, "scope-name-1"));
        });
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Change_InvalidValue_ShowsMessageBeforeSaving_OnlyForTouchedFields()
    {
        var form = RenderForm(Build.Provider());

        await ChangeAsync(form, "title", "");

        form.WaitForAssertion(() => Assert.Contains("Enter a title.", ErrorOf(form, "title")));
        Assert.DoesNotContain("Enter a name.", form.Markup);
    }

    [Fact]
    public async Task Change_OtherFieldFixesACrossFieldRule_ClearsTheMessage()
    {
        var model = Build.Provider();
        model.RefreshTokensEnabled = true;
        var form = RenderForm(model);

        await ChangeAsync(form, "refresh-ttl", "100");
        form.WaitForAssertion(() => Assert.Contains("must live longer than the access token", ErrorOf(form, "refresh-ttl")));
        await ChangeAsync(form, "access-token-ttl", "60");

        form.WaitForAssertion(() => Assert.Equal("", ErrorOf(form, "refresh-ttl")));
        Assert.DoesNotContain("mud-input-error", form.Find("#refresh-ttl").Closest(".mud-input-control")!.ClassName);
    }

    [Fact]
    public async Task Save_ValidForm_CallsSaveOnceWithTheValues()
    {
        var form = RenderForm(new ProviderInput());

        await ChangeAsync(form, "title", "Orders API");
        await form.Find("#add-scope").ClickAsync(new());
        await ChangeAsync(form, "scope-name-0", "orders:read");
        await form.Find("#save").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Single(_saved));
        Assert.Equal("orders-api", _saved[0].Name); // derived from the title
        Assert.Equal("orders:read", _saved[0].Scopes[0].Name);
        Assert.DoesNotContain("Nothing was saved", form.Markup);
    }

    [Fact]
    public async Task Save_ServiceRefusesWithConflict_ShowsItsMessage()
    {
        var form = Render<ProviderForm>(p => p
            .Add(f => f.Model, Build.Provider())
            .Add(f => f.Validate, m => new ProviderInputValidator(_store).ValidateAsync(m))
            .Add(f => f.OnReload, () => { })
            .Add(f => f.OnSave, _ => Task.FromResult(Result.Conflict(ProviderService.ConflictMessage))));

        await form.Find("#save").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Contains("Someone else changed this provider", form.Find("#form-alert").TextContent));
        Assert.NotNull(form.Find("#reload"));
    }

    [Fact]
    public async Task Save_ServiceRefusesAField_ShowsItOnThatField()
    {
        var form = Render<ProviderForm>(p => p
            .Add(f => f.Model, Build.Provider())
            .Add(f => f.Validate, m => new ProviderInputValidator(_store).ValidateAsync(m))
            .Add(f => f.OnSave, _ => Task.FromResult(Result.Invalid([new FieldError("Name", "The name cannot change.")]))));

        await form.Find("#save").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Contains("The name cannot change.", ErrorOf(form, "name")));
    }

    [Fact]
    public void NameLocked_DisablesTheNameField()
    {
        var form = Render<ProviderForm>(p => p
            .Add(f => f.Model, Build.Provider())
            .Add(f => f.NameLocked, true)
            .Add(f => f.Validate, m => new ProviderInputValidator(_store).ValidateAsync(m))
            .Add(f => f.OnSave, _ => Task.FromResult(Result.Ok(""))));

        Assert.True(form.Find("#name").HasAttribute("disabled"));
        Assert.Contains("Fixed: tokens have been issued", form.Markup);
    }

    /// <summary>The helper/error line MudBlazor renders under the input with the given id.</summary>
    private static string ErrorOf(IRenderedComponent<ProviderForm> form, string inputId)
    {
        var input = form.Find($"#{inputId}");
        var control = input.Closest(".mud-input-control") ?? throw new InvalidOperationException($"#{inputId} is not in a MudBlazor input");
        return control.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent ?? "";
    }
}
