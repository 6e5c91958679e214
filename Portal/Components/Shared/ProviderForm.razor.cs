using FluentValidation.Results;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Severity = MudBlazor.Severity;

namespace Portal.Components.Shared;

/// <summary>Create and edit form for a provider's settings; the rules come from the validator it is given.</summary>
public sealed partial class ProviderForm : IDisposable
{
    // One validation or save at a time, so an older validation never overwrites a newer one's messages.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FieldMessages _messages = new();
    private MudForm? _form;
    private bool _nameEdited;
    private bool _saving;
    private bool _conflict;
    private string? _alert;
    private Severity _alertSeverity;

    [Parameter, EditorRequired]
    public ProviderInput Model { get; set; } = default!;

    /// <summary>The provider validator, run by the page in a scope of its own.</summary>
    [Parameter, EditorRequired]
    public Func<ProviderInput, Task<ValidationResult>> Validate { get; set; } = default!;

    /// <summary>Persists a valid model; the form shows the result's message and field errors when it fails.</summary>
    [Parameter, EditorRequired]
    public Func<ProviderInput, Task<Result>> OnSave { get; set; } = default!;

    [Parameter]
    public bool IsNew { get; set; }

    [Parameter]
    public bool NameLocked { get; set; }

    /// <summary>For readers without Settings:Manage: every field read-only, no Save.</summary>
    [Parameter]
    public bool ReadOnly { get; set; }

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

    public void ResetMessages()
    {
        _messages.Reset();
        _alert = null;
        _conflict = false;
    }

    private Task TitleChangedAsync()
    {
        if (IsNew && !_nameEdited)
        {
            Model.Name = Slug.FromTitle(Model.Title);
            if (Model.Name.Length > 0)
                _messages.Touch(nameof(ProviderInput.Name));
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

    private Task ChangedAsync(string field)
    {
        _messages.Touch(field);
        return ValidateAsync();
    }

    private async Task ValidateAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // The form re-validates every field, so a message another field's change resolved (refresh TTL vs
            // access TTL) disappears there too.
            await _messages.ValidateAsync(Validate, Model, _form);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SaveAsync()
    {
        await _gate.WaitAsync();
        _saving = true;
        try
        {
            _messages.ShowAll();
            await _messages.ValidateAsync(Validate, Model, _form);
            if (!_messages.IsValid)
            {
                ShowAlert("Nothing was saved: correct the fields marked in red.", Severity.Error);
                return;
            }

            var result = await OnSave(Model);
            if (result.IsSuccess)
            {
                _alert = null;
                return;
            }

            await _messages.LoadAsync(result.Errors, _form);
            _conflict = result.Status == ResultStatus.Conflict;
            ShowAlert(result.Status == ResultStatus.Invalid ? "Nothing was saved: correct the fields marked in red." : result.Message,
                _conflict ? Severity.Warning : Severity.Error);
        }
        finally
        {
            _saving = false;
            _gate.Release();
        }
    }

    private void ShowAlert(string message, Severity severity)
    {
        _alert = message;
        _alertSeverity = severity;
    }

    public void Dispose() => _gate.Dispose();
}
