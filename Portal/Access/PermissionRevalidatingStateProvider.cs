using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Access;

public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>How often an open page re-reads its user's roles. A role change reaches open pages within this time.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The authentication state of an interactive circuit, refreshed from the database every
/// <see cref="AccessOptions.RevalidationInterval"/>: changed roles replace the principal (pages re-render with the new
/// permissions, no sign-out); a disabled or deleted account, or one whose security stamp changed, is signed out.
/// </summary>
internal sealed class PermissionRevalidatingStateProvider : ServerAuthenticationStateProvider, IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<IdentityOptions> _identity;
    private readonly TimeSpan _interval;
    private readonly ILogger<PermissionRevalidatingStateProvider> _logger;
    private CancellationTokenSource _loop = new();

    public PermissionRevalidatingStateProvider(
        IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, IOptions<AccessOptions> options, ILogger<PermissionRevalidatingStateProvider> logger)
    {
        _scopes = scopes;
        _identity = identity;
        _interval = options.Value.RevalidationInterval;
        _logger = logger;
        AuthenticationStateChanged += Restart;
    }

    private void Restart(Task<AuthenticationState> state)
    {
        _loop.Cancel();
        _loop.Dispose();
        _loop = new CancellationTokenSource();
        _ = RevalidateLoopAsync(state, _loop.Token);
    }

    private async Task RevalidateLoopAsync(Task<AuthenticationState> state, CancellationToken ct)
    {
        var current = (await state).User;
        if (current.Identity?.IsAuthenticated != true)
            return;
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                ClaimsPrincipal? fresh;
                try
                {
                    fresh = await LoadPrincipalAsync(current, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy database must not end revalidation for the page's whole life: try again next tick.
                    _logger.LogWarning(e, "Revalidating the signed-in user failed; trying again in {Interval}.", _interval);
                    continue;
                }
                if (fresh is null)
                {
                    SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
                    return;
                }
                if (!SameAccess(current, fresh))
                {
                    SetAuthenticationState(Task.FromResult(new AuthenticationState(fresh)));
                    return; // the state change starts a new loop
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The user's principal as the database makes it now, or null when they may no longer be signed in.</summary>
    private async Task<ClaimsPrincipal?> LoadPrincipalAsync(ClaimsPrincipal current, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(current);
        if (user is null || !user.IsEnabled)
            return null;
        if (users.SupportsUserSecurityStamp
            && current.FindFirstValue(_identity.Value.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
            return null;
        ct.ThrowIfCancellationRequested();
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
    }

    private static bool SameAccess(ClaimsPrincipal a, ClaimsPrincipal b) =>
        Claims(a).SetEquals(Claims(b));

    private static HashSet<string> Claims(ClaimsPrincipal principal) =>
        [.. principal.Claims
            .Where(c => c.Type is PortalClaims.Permission or PortalClaims.MustChangePassword or PortalClaims.DisplayName or ClaimTypes.Role)
            .Select(c => c.Type + "=" + c.Value)];

    public void Dispose()
    {
        AuthenticationStateChanged -= Restart;
        _loop.Cancel();
        _loop.Dispose();
    }
}
