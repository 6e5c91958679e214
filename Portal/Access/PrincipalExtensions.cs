using System.Security.Claims;
using Portal.Domain.Access;

namespace Portal.Access;

public static class PrincipalExtensions
{
    /// <summary>What the page may show: the permissions in the (regularly revalidated) principal. Services check again.</summary>
    public static bool Has(this ClaimsPrincipal user, Permission permission) =>
        user.HasClaim(PortalClaims.Permission, permission.Name);

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalClaims.DisplayName) ?? user.Identity?.Name ?? "";
}
