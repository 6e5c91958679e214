using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Access;

namespace Portal.Access;

/// <summary>
/// The signed-in user as an <see cref="Actor"/>, with the permissions the database gives them now. Read for every
/// action, so a role removed a second ago is already gone, whatever the page or cookie still shows.
/// </summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication, IServiceScopeFactory scopes, ClientAddress address)
{
    public async Task<Actor> GetAsync(CancellationToken ct = default)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return await LoadAsync(scopes, user, ct) with { ClientIp = address.Value };
    }

    /// <summary>Loads the actor in a scope of its own, so no page's DbContext is shared with it.</summary>
    public static async Task<Actor> LoadAsync(IServiceScopeFactory scopes, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
            return Actor.Nobody;
        await using var scope = scopes.CreateAsyncScope();
        var member = await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindMemberAsync(userId, ct);
        return member?.ToActor() ?? Actor.Nobody;
    }
}
