using Microsoft.AspNetCore.Components;
using Portal.Domain.Providers;

namespace Portal.Components.Shared;

/// <summary>Create and edit form for a provider's settings; the rules come from the validator it is given.</summary>
public sealed partial class ProviderForm
{
    private bool _nameEdited;

    [Parameter]
    public bool IsNew { get; set; }

    [Parameter]
    public bool NameLocked { get; set; }

    [Parameter]
    public string SaveText { get; set; } = "Save";

    [Parameter]
    public string? CancelHref { get; set; }

    /// <summary>Offered after a concurrency conflict, to load the other editor's version.</summary>
    [Parameter]
    public EventCallback OnReload { get; set; }

    private string NameHelp => NameLocked
        ? "Fixed: tokens have been issued under this name."
        : $"Used in URLs: /{(string.IsNullOrEmpty(Model.Name) ? "name" : Model.Name)}/oauth2/token";

    // An existing provider's name is never re-derived from its title.
    protected override void OnInitialized() => _nameEdited = !IsNew;

    private Task TitleChangedAsync()
    {
        if (IsNew && !_nameEdited)
        {
            Model.Name = Slug.FromTitle(Model.Title);
            if (Model.Name.Length > 0)
                Messages.Touch(nameof(ProviderInput.Name));
        }
        return ChangedAsync(nameof(ProviderInput.Title));
    }

    private Task NameChangedAsync()
    {
        _nameEdited = true;
        return ChangedAsync(nameof(ProviderInput.Name));
    }

    private Task SetGrantAsync(GrantTypes grant, bool on)
    {
        Model.GrantTypes = on ? Model.GrantTypes | grant : Model.GrantTypes & ~grant;
        return ChangedAsync(nameof(ProviderInput.GrantTypes));
    }

    private Task SetClientTypeAsync(ClientTypes type, bool on)
    {
        Model.ClientTypes = on ? Model.ClientTypes | type : Model.ClientTypes & ~type;
        return ChangedAsync(nameof(ProviderInput.ClientTypes));
    }

    private Task PkceChangedAsync()
    {
        if (!Model.PkceEnabled)
        {
            Model.PkceRequired = false;
            Model.PkceAllowPlain = false;
        }
        return ChangedAsync(nameof(ProviderInput.PkceEnabled));
    }

    private Task AddScopeAsync()
    {
        Model.Scopes.Add(new ScopeInput());
        return ValidateAsync();
    }

    private Task RemoveScopeAsync(ScopeInput scope)
    {
        Model.Scopes.Remove(scope);
        return ChangedAsync(nameof(ProviderInput.Scopes));
    }
}
