namespace Portal.Domain.Access;

/// <summary>A built-in role: fixed id, name and permissions; it cannot be edited or deleted.</summary>
public sealed record BuiltInRole(string Id, string Name, string Description, IReadOnlySet<string> Permissions);

/// <summary>The roles every organization has (spec §7). One table, unit-tested, says what each holds.</summary>
public static class BuiltInRoles
{
    public static readonly BuiltInRole Owner = new("owner", "Owner",
        "Full access. The only role that may grant or remove Owner.", Names(Permissions.All));

    public static readonly BuiltInRole OrganizationAdministrator = new("org-admin", "Organization Administrator",
        "Full access, except granting or removing Owner.", Names(Permissions.All));

    public static readonly BuiltInRole Auditor = new("auditor", "Auditor",
        "Reads provider settings and the configuration history.",
        Names([Permissions.OrgView, Permissions.SettingsView, Permissions.AuditView]));

    public static readonly BuiltInRole Viewer = new("viewer", "Viewer",
        "Reads providers, members and issued tokens.",
        Names([Permissions.OrgView, Permissions.SettingsView, Permissions.MemberView, Permissions.TokensView]));

    public static readonly BuiltInRole Member = new("member", "Member",
        "May sign in; nothing else.", Names([Permissions.OrgView]));

    public static IReadOnlyList<BuiltInRole> All { get; } = [Owner, OrganizationAdministrator, Auditor, Viewer, Member];

    public static BuiltInRole? Find(string roleId) => All.FirstOrDefault(r => r.Id == roleId);

    private static HashSet<string> Names(IEnumerable<Permission> permissions) =>
        new(permissions.Select(p => p.Name), StringComparer.Ordinal);
}
