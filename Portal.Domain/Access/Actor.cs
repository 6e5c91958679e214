namespace Portal.Domain.Access;

/// <summary>
/// Who is acting, with the permissions they hold right now (read from the database for each action, not from a
/// possibly stale cookie). Services check it themselves, so a hidden button is never the only guard.
/// </summary>
public sealed record Actor(string UserId, string Email, IReadOnlySet<string> Permissions, bool IsOwner)
{
    /// <summary>Someone not signed in, disabled or deleted: holds nothing.</summary>
    public static Actor Nobody { get; } = new("", "", new HashSet<string>(), IsOwner: false);

    /// <summary>Where the actor's request came from, for the audit log; empty when unknown.</summary>
    public string ClientIp { get; init; } = "";

    public bool Has(Permission permission) => Permissions.Contains(permission.Name);

    public bool HasAll(IEnumerable<string> permissions) => permissions.All(Permissions.Contains);
}
