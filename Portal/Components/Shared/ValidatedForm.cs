using FluentValidation.Results;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Common;
using Severity = MudBlazor.Severity;

namespace Portal.Components.Shared;

/// <summary>
/// Base of the forms whose rules live in a domain validator: the whole model is validated after each change (so
/// cross-field rules update at once), Save shows every message, and a refused save shows the service's message and
/// field errors. One validation or save runs at a time, so an older validation never overwrites a newer one's messages.
/// </summary>
public abstract class ValidatedForm<TModel> : ComponentBase, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    [Parameter, EditorRequired]
    public TModel Model { get; set; } = default!;

    /// <summary>The model's validator, run by the page in a scope of its own.</summary>
    [Parameter, EditorRequired]
    public Func<TModel, Task<ValidationResult>> Validate { get; set; } = default!;

    /// <summary>Persists a valid model; the form shows the result's message and field errors when it fails.</summary>
    [Parameter, EditorRequired]
    public Func<TModel, Task<Result>> OnSave { get; set; } = default!;

    /// <summary>For readers without the permission to change: fields read-only, no Save.</summary>
    [Parameter]
    public bool ReadOnly { get; set; }

    protected FieldMessages Messages { get; } = new();

    /// <summary>The MudForm around the fields (set with <c>@ref</c>), asked to re-validate its fields after each change.</summary>
    protected MudForm? MudFormRef { get; set; }

    protected bool IsSaving { get; private set; }

    protected bool IsConflict { get; private set; }

    protected string? AlertText { get; set; }

    protected Severity AlertSeverity { get; private set; }

    protected Task ChangedAsync(string field)
    {
        Messages.Touch(field);
        return ValidateAsync();
    }

    protected async Task ValidateAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await Messages.ValidateAsync(Validate, Model, MudFormRef);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected async Task SaveAsync()
    {
        await _gate.WaitAsync();
        IsSaving = true;
        try
        {
            Messages.ShowAll();
            await Messages.ValidateAsync(Validate, Model, MudFormRef);
            if (!Messages.IsValid)
            {
                ShowAlert("Nothing was saved: correct the fields marked in red.", Severity.Error);
                return;
            }

            var result = await OnSave(Model);
            if (result.IsSuccess)
            {
                AlertText = null;
                return;
            }

            await Messages.LoadAsync(result.Errors, MudFormRef);
            IsConflict = result.Status == ResultStatus.Conflict;
            ShowAlert(result.Status == ResultStatus.Invalid ? "Nothing was saved: correct the fields marked in red." : result.Message,
                IsConflict ? Severity.Warning : Severity.Error);
        }
        finally
        {
            IsSaving = false;
            _gate.Release();
        }
    }

    protected void ShowAlert(string message, Severity severity)
    {
        AlertText = message;
        AlertSeverity = severity;
    }

    public void Dispose()
    {
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }
}
