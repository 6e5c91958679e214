using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Access;

namespace Portal.Access;

/// <summary>
/// Builds the signed-in principal. Identity adds the roles and their permission claims; this flattens them into the
/// effective permissions (View implied by Manage), so one authorization policy per permission works for custom roles too.
/// </summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<ApplicationRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, ApplicationRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var granted = identity.FindAll(PortalClaims.Permission).ToList();
        foreach (var claim in granted)
            identity.RemoveClaim(claim);
        // A disabled member holds nothing; one with an initial password (someone else knows it) may only sign in
        // and change it. MemberInfo.EffectivePermissions says the same for the services.
        IReadOnlySet<string> effective = !user.IsEnabled ? new HashSet<string>()
            : user.MustChangePassword ? Permissions.Expand([])
            : Permissions.Expand(granted.Select(c => c.Value));
        foreach (var permission in effective)
            identity.AddClaim(new Claim(PortalClaims.Permission, permission));
        if (user.MustChangePassword)
            identity.AddClaim(new Claim(PortalClaims.MustChangePassword, "true"));
        identity.AddClaim(new Claim(PortalClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        return identity;
    }
}
