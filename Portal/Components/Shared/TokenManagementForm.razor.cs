using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using Portal.Domain.Common;
using Portal.Domain.Engine.External;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;

namespace Portal.Components.Shared;

/// <summary>
/// A provider's token management. Shows only the fields of the chosen type (keeping the others' values), offers Save
/// only when something changed and everything is valid, and asks before leaving with unsaved changes.
/// </summary>
public sealed partial class TokenManagementForm
{
    private string _original = "";

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Parameter]
    public IReadOnlyList<TlsClientProfile> Profiles { get; set; } = [];

    /// <summary>Tests the External settings as the form stands (unsaved); null hides the button.</summary>
    [Parameter]
    public Func<TokenManagementInput, Task<Result<ProbeResult>>>? OnTest { get; set; }

    private ProbeResult? _test;
    private bool _testing;

    private async Task TestAsync()
    {
        _testing = true;
        try
        {
            // A copy: the service completes the input it is given, and the form's own must stay as typed.
            var result = await OnTest!(JsonSerializer.Deserialize<TokenManagementInput>(Fingerprint(Model))!);
            _test = result.Value ?? new ProbeResult(ProbeStage.Http, false, null, 0,
                result.Errors.Count > 0 ? string.Join(" ", result.Errors.Select(e => e.Message)) : result.Message);
        }
        finally
        {
            _testing = false;
        }
    }

    private bool IsV5 => Model.GatewayType == GatewayType.V5Compatible;

    public bool IsDirty => !ReadOnly && Fingerprint(Model) != _original;

    private bool CanSave => IsDirty && Messages.IsValid && !IsSaving;

    protected override async Task OnInitializedAsync()
    {
        _original = Fingerprint(Model);
        await ValidateAsync(); // Save stays off until the model is valid, even before anything is touched
    }

    // What "changed" means: every setting, plus a pending password change (never the stored password, which is not here).
    private static string Fingerprint(TokenManagementInput input) => JsonSerializer.Serialize(input);

    private Task ChangedAsync() => ValidateAsync();

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

    private async Task DiscardAsync()
    {
        var original = JsonSerializer.Deserialize<TokenManagementInput>(_original)!;
        foreach (var property in typeof(TokenManagementInput).GetProperties().Where(p => p.CanWrite))
            property.SetValue(Model, property.GetValue(original));
        Messages.Reset();
        AlertText = null;
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
}
