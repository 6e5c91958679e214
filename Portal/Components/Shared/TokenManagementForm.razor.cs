using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Severity = MudBlazor.Severity;

namespace Portal.Components.Shared;

/// <summary>
/// A provider's token management. Shows only the fields of the chosen type (keeping the others' values), offers Save
/// only when something changed and everything is valid, and asks before leaving with unsaved changes.
/// </summary>
public sealed partial class TokenManagementForm : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FieldMessages _messages = new();
    private MudForm? _form;
    private string _original = "";
    private bool _saving;
    private string? _alert;
    private Severity _alertSeverity;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Parameter, EditorRequired]
    public TokenManagementInput Model { get; set; } = default!;

    [Parameter]
    public IReadOnlyList<TlsClientProfile> Profiles { get; set; } = [];

    [Parameter, EditorRequired]
    public Func<TokenManagementInput, Task<ValidationResult>> Validate { get; set; } = default!;

    [Parameter, EditorRequired]
    public Func<TokenManagementInput, Task<Result>> OnSave { get; set; } = default!;

    [Parameter]
    public bool ReadOnly { get; set; }

    private bool IsV5 => Model.GatewayType == GatewayType.V5Compatible;

    public bool IsDirty => !ReadOnly && Fingerprint(Model) != _original;

    private bool CanSave => IsDirty && _messages.IsValid && !_saving;

    protected override async Task OnInitializedAsync()
    {
        _original = Fingerprint(Model);
        await ValidateAsync(); // Save stays off until the model is valid, even before anything is touched
    }

    // What "changed" means: every setting, plus a pending password change (never the stored password, which is not here).
    private static string Fingerprint(TokenManagementInput input) => JsonSerializer.Serialize(input);

    private Task ChangedAsync() => ValidateAsync();

    private Task ChangedAsync(string field)
    {
        _messages.Touch(field);
        return ValidateAsync();
    }

    private Task PasswordChangeChangedAsync(SecretChange change)
    {
        Model.PasswordChange = change;
        Model.NewPassword = "";
        return ChangedAsync(nameof(TokenManagementInput.NewPassword));
    }

    private Task PasswordTypedAsync(string password)
    {
        Model.NewPassword = password;
        Model.PasswordChange = password.Length > 0 || Model.HasPassword ? SecretChange.Replace : SecretChange.Keep;
        return ChangedAsync(nameof(TokenManagementInput.NewPassword));
    }

    private async Task ValidateAsync()
    {
        await _gate.WaitAsync();
        try
        {
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
                Show("Nothing was saved: correct the fields marked in red.", Severity.Error);
                return;
            }
            var result = await OnSave(Model);
            if (result.IsSuccess)
            {
                _alert = null;
                return;
            }
            await _messages.LoadAsync(result.Errors, _form);
            Show(result.Status == ResultStatus.Invalid ? "Nothing was saved: correct the fields marked in red." : result.Message,
                result.Status == ResultStatus.Conflict ? Severity.Warning : Severity.Error);
        }
        finally
        {
            _saving = false;
            _gate.Release();
        }
    }

    private async Task DiscardAsync()
    {
        var original = JsonSerializer.Deserialize<TokenManagementInput>(_original)!;
        foreach (var property in typeof(TokenManagementInput).GetProperties().Where(p => p.CanWrite))
            property.SetValue(Model, property.GetValue(original));
        _messages.Reset();
        _alert = null;
        await ValidateAsync();
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!IsDirty)
            return;
        var leave = await Dialogs.ShowMessageBoxAsync("Leave without saving?",
            "Your changes to the token management have not been saved.", yesText: "Leave", cancelText: "Stay");
        if (leave != true)
            context.PreventNavigation();
    }

    private void Show(string message, Severity severity)
    {
        _alert = message;
        _alertSeverity = severity;
    }

    public void Dispose() => _gate.Dispose();
}
