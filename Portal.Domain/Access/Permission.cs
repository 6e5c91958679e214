namespace Portal.Domain.Access;

/// <summary>A resource:action pair a role grants (spec §7), such as <c>Settings:Manage</c>.</summary>
public sealed record Permission(string Name, string Group, string Action, string Description)
{
    public override string ToString() => Name;
}

/// <summary>The one list of permissions. Policies, roles and checks all refer to these values.</summary>
public static class Permissions
{
    public static readonly Permission OrgView = new("Org:View", "Org", "View", "Sign in and see the organization.");
    public static readonly Permission MemberView = new("Member:View", "Member", "View", "List members and their roles.");
    public static readonly Permission MemberManage = new("Member:Manage", "Member", "Manage", "Add, disable and remove members; assign roles; create and edit custom roles.");
    public static readonly Permission SettingsView = new("Settings:View", "Settings", "View", "See OAuth providers, their settings and token management.");
    public static readonly Permission SettingsManage = new("Settings:Manage", "Settings", "Manage", "Create, edit and delete OAuth providers and their token management.");
    public static readonly Permission TokensView = new("Tokens:View", "Tokens", "View", "Search issued tokens and grants.");
    public static readonly Permission TokensRevoke = new("Tokens:Revoke", "Tokens", "Revoke", "Revoke tokens and grants from the portal.");
    public static readonly Permission AuditView = new("Audit:View", "Audit", "View", "Read the configuration history and audit log.");

    public static IReadOnlyList<Permission> All { get; } =
        [OrgView, MemberView, MemberManage, SettingsView, SettingsManage, TokensView, TokensRevoke, AuditView];

    /// <summary>Groups in the order the role editor shows them.</summary>
    public static IReadOnlyList<IGrouping<string, Permission>> Groups { get; } = [.. All.GroupBy(p => p.Group)];

    public static Permission? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// What a set of granted permissions allows in effect: every member may sign in (Org:View), and a Manage or
    /// Revoke permission includes the View permission of its group.
    /// </summary>
    public static IReadOnlySet<string> Expand(IEnumerable<string> granted)
    {
        var effective = new HashSet<string>(StringComparer.Ordinal) { OrgView.Name };
        foreach (var name in granted)
        {
            if (Find(name) is not { } permission)
                continue; // a permission that no longer exists grants nothing
            effective.Add(permission.Name);
            if (permission.Action is "Manage" or "Revoke")
                effective.Add($"{permission.Group}:View");
        }
        return effective;
    }
}
