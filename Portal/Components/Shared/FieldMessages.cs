using FluentValidation.Results;
using Portal.Domain.Common;

namespace Portal.Components.Shared;

/// <summary>
/// Field-level messages for a form whose rules live in a FluentValidation validator. The whole model is validated
/// after every change, so cross-field rules (refresh TTL above access TTL) update at once; a message is shown for a
/// field once the user has touched it, or for every field after a save was attempted.
/// </summary>
public sealed class FieldMessages
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private bool _showAll;

    public bool IsValid => _errors.Count == 0;

    /// <summary>
    /// Runs the validator and shows its messages. Pass the MudForm around the fields: MudBlazor fields keep the result
    /// of their own last validation, so they are asked to re-run it and a resolved message disappears everywhere.
    /// </summary>
    public async Task ValidateAsync<T>(Func<T, Task<ValidationResult>> validate, T model, MudBlazor.MudForm? form = null)
    {
        var result = await validate(model);
        await LoadAsync(FieldError.From(result.Errors), form);
    }

    /// <summary>Shows the given messages (for instance a service's) and brings the form's fields in line.</summary>
    public async Task LoadAsync(IEnumerable<FieldError> errors, MudBlazor.MudForm? form = null)
    {
        Load(errors);
        if (form is not null)
            await form.ValidateAsync();
    }

    /// <summary>Replaces the current messages, for instance with the ones a service returned.</summary>
    public void Load(IEnumerable<FieldError> errors)
    {
        _errors.Clear();
        foreach (var error in errors)
        {
            if (!_errors.TryGetValue(error.Field, out var list))
                _errors[error.Field] = list = [];
            if (!list.Contains(error.Message))
                list.Add(error.Message);
        }
    }

    public void Touch(string field) => _touched.Add(field);

    public void ShowAll() => _showAll = true;

    public void Reset()
    {
        _errors.Clear();
        _touched.Clear();
        _showAll = false;
    }

    public bool HasError(string field) => IsShown(field) && _errors.ContainsKey(field);

    public string? ErrorText(string field) => HasError(field) ? string.Join(" ", _errors[field]) : null;

    /// <summary>The messages of a field that are shown now; empty for a valid or untouched field.</summary>
    public IReadOnlyList<string> Messages(string field) => HasError(field) ? _errors[field] : [];

    /// <summary>
    /// A MudBlazor <c>Validation</c> function that reports this field's current messages. MudBlazor re-runs its own
    /// validation when the user leaves a field and would otherwise clear an error set from outside.
    /// </summary>
    public Func<T?, IEnumerable<string?>> For<T>(string field) => _ => Messages(field);

    private bool IsShown(string field) => _showAll || _touched.Contains(field);
}
