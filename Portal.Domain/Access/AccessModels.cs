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

    /// <summary>What the member may do, through all of their roles.</summary>
    public IReadOnlySet<string> EffectivePermissions => Access.Permissions.Expand(Roles.SelectMany(r => r.Permissions));

    public Actor ToActor() => IsEnabled
        ? new Actor(Id, Email, EffectivePermissions, IsOwner)
        : Actor.Nobody;
}

public sealed record MemberQuery(string? Search = null, int Page = 0, int PageSize = 25);

public sealed record MemberPage(IReadOnlyList<MemberInfo> Items, int TotalCount);

/// <summary>A new member's account; the password is shown once to whoever added them.</summary>
public sealed record NewMember(string Id, string Email, string InitialPassword);
