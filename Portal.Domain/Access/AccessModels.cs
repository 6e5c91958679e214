namespace Portal.Domain.Access;

/// <summary>A role as stored: built-in or custom, with the permissions it grants and how many members hold it.</summary>
public sealed record RoleInfo(string Id, string Name, string Description, bool IsBuiltIn, IReadOnlySet<string> Permissions, int MemberCount)
{
    public bool IsOwner => Id == BuiltInRoles.Owner.Id;
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

    public Actor ToActor() => IsEnabled
        ? new Actor(Id, Email, EffectivePermissions, IsOwner && !MustChangePassword)
        : Actor.Nobody;
}

public sealed record MemberQuery(string? Search = null, int Page = 0, int PageSize = 25);

public sealed record MemberPage(IReadOnlyList<MemberInfo> Items, int TotalCount);

/// <summary>A new member's account; the password is shown once to whoever added them.</summary>
public sealed record NewMember(string Id, string Email, string InitialPassword);
