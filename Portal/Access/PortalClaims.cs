namespace Portal.Access;

/// <summary>Claim types the portal adds to a signed-in user's principal.</summary>
public static class PortalClaims
{
    /// <summary>One claim per effective permission (built-in and custom roles flattened, View implied by Manage).</summary>
    public const string Permission = "portal:permission";

    /// <summary>Present while the member still has the initial password someone else chose.</summary>
    public const string MustChangePassword = "portal:must_change_password";

    public const string DisplayName = "portal:display_name";
}
