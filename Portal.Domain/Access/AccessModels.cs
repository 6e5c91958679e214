using Portal.Domain.Audit;

namespace Portal.Domain.Access;

/// <summary>A role as stored: built-in or custom, with the permissions it grants and how many members hold it.</summary>
public sealed record RoleInfo(string Id, string Name, string Description, bool IsBuiltIn, IReadOnlySet<string> Permissions, int MemberCount)
{
    public bool IsOwner => Id == BuiltInRoles.Owner.Id;

    public AuditSubject AuditSubject => new(AuditEntityTypes.Role, Id, Name);

    public AuditState ToAuditState() => AuditOf(Name, Description, Permissions);

    public static AuditState AuditOf(string name, string description, IEnumerable<string> permissions) =>
        AuditState.Of(new { Name = name.Trim(), Description = description.Trim(), Permissions = permissions.Order(StringComparer.Ordinal).ToList() }, []);
}

public sealed record MemberInfo(
    string Id,
    string Email,
    string DisplayName,
    bool IsEnabled,
    bool IsLockedOut,
    bool MustChangePassword,
    DateTime CreatedAtUtc,
    DateTime? LastSignInAtUtc,
    IReadOnlyList<RoleInfo> Roles)
{
    public bool IsOwner => Roles.Any(r => r.IsOwner);

    /// <summary>
    /// What the member may do, through all of their roles. Until they replace an initial password (which someone else
    /// knows) they may only sign in and change it.
    /// </summary>
    public IReadOnlySet<string> EffectivePermissions => MustChangePassword
        ? Access.Permissions.Expand([])
        : Access.Permissions.Expand(Roles.SelectMany(r => r.Permissions));

    /// <summary>The permissions the member's roles grant, whatever the state of their password.</summary>
    public IReadOnlySet<string> GrantedPermissions => Access.Permissions.Expand(Roles.SelectMany(r => r.Permissions));

    public AuditSubject AuditSubject => new(AuditEntityTypes.Member, Id, Email);

    public AuditState ToAuditState() => AuditOf(Email, DisplayName, IsEnabled, Roles.Select(r => r.Name));

    public static AuditState AuditOf(string email, string displayName, bool enabled, IEnumerable<string> roles) =>
        AuditState.Of(new { Email = email, DisplayName = displayName, Enabled = enabled, Roles = roles.Order(StringComparer.Ordinal).ToList() }, []);

    /// <summary>One member holding one role: what a grant creates and a removal deletes.</summary>
    public static (AuditSubject Subject, AuditState State) Assignment(MemberInfo member, RoleInfo role) => (
        new AuditSubject(AuditEntityTypes.RoleAssignment, $"{member.Id}/{role.Id}", $"{member.Email}: {role.Name}"),
        AuditState.Of(new { Member = member.Email, Role = role.Name }, []));

    public Actor ToActor() => IsEnabled
        ? new Actor(Id, Email, EffectivePermissions, IsOwner && !MustChangePassword)
        : Actor.Nobody;
}

public sealed record MemberQuery(string? Search = null, int Page = 0, int PageSize = 25);

public sealed record MemberPage(IReadOnlyList<MemberInfo> Items, int TotalCount);

/// <summary>A new member's account; the password is shown once to whoever added them.</summary>
public sealed record NewMember(string Id, string Email, string InitialPassword);
