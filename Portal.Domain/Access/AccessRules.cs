using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>The checks shared by the member and role services, one rule each.</summary>
internal static class AccessRules
{
    public static Result? EnsureHas(Actor actor, Permission permission) =>
        actor.Has(permission) ? null : Result.Forbidden($"You need the {permission.Name} permission to do this.");

    /// <summary>No escalation (spec §7): a role can be granted, removed or edited only by someone holding all of its permissions.</summary>
    public static Result? EnsureHoldsAll(Actor actor, IEnumerable<string> permissions, string what)
    {
        var missing = permissions.Where(p => !actor.Permissions.Contains(p)).Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? null
            : Result.Forbidden($"You cannot {what}: it holds {string.Join(", ", missing)}, which you do not hold.");
    }

    public static Result? EnsureMayGrant(Actor actor, RoleInfo role, string verb) =>
        role.IsOwner && !actor.IsOwner
            ? Result.Forbidden($"Only an Owner may {verb} the Owner role.")
            : EnsureHoldsAll(actor, role.Permissions, $"{verb} the role '{role.Name}'");

    /// <summary>Changing someone's account or roles needs at least their powers: nobody acts on a more powerful member.</summary>
    public static Result? EnsureMayManage(Actor actor, MemberInfo target) =>
        target.IsOwner && !actor.IsOwner
            ? Result.Forbidden($"Only an Owner may change the account of an Owner ({target.Email}).")
            : EnsureHoldsAll(actor, target.GrantedPermissions, $"change {target.Email}'s account");

    /// <summary>
    /// The actor as the store knows them now, inside the lock: someone demoted a moment ago acts with their new powers.
    /// An actor the store does not know (the system, a test double) is taken as given.
    /// </summary>
    public static async Task<Actor> CurrentAsync(IAccessStore store, Actor actor, CancellationToken ct) =>
        actor.UserId.Length > 0 && await store.FindMemberAsync(actor.UserId, ct) is { } member ? member.ToActor() with { ClientIp = actor.ClientIp } : actor;

    public static async Task<Result?> EnsureNotLastOwnerAsync(IAccessStore store, MemberInfo target, string change, CancellationToken ct)
    {
        if (!target.IsOwner || !target.IsEnabled)
            return null;
        return await store.CountEnabledOwnersAsync(ct) > 1
            ? null
            : Result.Conflict($"{target.Email} is the last enabled Owner and cannot be {change}: make someone else an Owner first.");
    }
}
