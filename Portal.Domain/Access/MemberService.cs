using FluentValidation;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Access;

/// <summary>Members and their roles. Every method checks the actor itself, whatever the UI showed.</summary>
public sealed class MemberService(IAccessStore store, IValidator<NewMemberInput> validator, IAuditTrail audit)
{
    public async Task<Result<MemberPage>> SearchAsync(Actor actor, MemberQuery query, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.MemberView) is { } denied)
            return Result<MemberPage>.From(denied);
        var page = await store.SearchMembersAsync(query with
        {
            Page = Math.Max(0, query.Page),
            PageSize = Math.Clamp(query.PageSize, 1, 100),
        }, ct);
        return Result<MemberPage>.Ok(page, "");
    }

    public async Task<Result<MemberInfo>> FindAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.MemberView) is { } denied)
            return Result<MemberInfo>.From(denied);
        return await store.FindMemberAsync(userId, ct) is { } member
            ? Result<MemberInfo>.Ok(member, "")
            : Result<MemberInfo>.From(Result.NotFound("This member no longer exists."));
    }

    /// <summary>Why the actor may not grant (or remove) this role, or null when they may.</summary>
    public static string? WhyNotGrant(Actor actor, RoleInfo role) =>
        (EnsureHas(actor, Permissions.MemberManage) ?? EnsureMayGrant(actor, role, "grant"))?.Message;

    public async Task<Result<NewMember>> AddAsync(Actor actor, NewMemberInput input, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.MemberManage) is { } denied)
            return Result<NewMember>.From(denied);
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
            return Result<NewMember>.From(Result.Invalid(FieldError.From(check.Errors)));

        var roles = new List<RoleInfo>();
        foreach (var roleId in input.RoleIds.Distinct())
        {
            if (await store.FindRoleAsync(roleId, ct) is not { } role)
                return Result<NewMember>.From(Result.NotFound("One of the chosen roles no longer exists."));
            if (EnsureMayGrant(actor, role, "grant") is { } refused)
                return Result<NewMember>.From(refused);
            roles.Add(role);
        }

        var password = Passwords.Generate(); // shown once; the member replaces it at first sign-in
        var (id, email, displayName) = (Guid.NewGuid().ToString(), input.Email.Trim(), input.DisplayName.Trim());
        audit.Record(actor, AuditActions.Created, new AuditSubject(AuditEntityTypes.Member, id, email), null,
            MemberInfo.AuditOf(email, displayName, enabled: true, roles.Select(r => r.Name)));
        var created = await store.CreateMemberAsync(id, email, displayName, password, [.. roles.Select(r => r.Id)], ct);
        if (!created.IsSuccess)
            return Result<NewMember>.From(created);
        return Result<NewMember>.Ok(new NewMember(created.Value!, input.Email.Trim(), password),
            $"{input.Email.Trim()} was added. Give them the initial password; they choose their own at first sign-in.");
    }

    public Task<Result> AssignRoleAsync(Actor actor, string userId, string roleId, CancellationToken ct = default) =>
        ChangeRoleAsync(actor, userId, roleId, grant: true, ct);

    public Task<Result> RemoveRoleAsync(Actor actor, string userId, string roleId, CancellationToken ct = default) =>
        ChangeRoleAsync(actor, userId, roleId, grant: false, ct);

    private Task<Result> ChangeRoleAsync(Actor given, string userId, string roleId, bool grant, CancellationToken ct) =>
        store.SerializeAsync(async () =>
        {
            var actor = await CurrentAsync(store, given, ct);
            if (EnsureHas(actor, Permissions.MemberManage) is { } denied)
                return denied;
            var target = await store.FindMemberAsync(userId, ct);
            var role = await store.FindRoleAsync(roleId, ct);
            if (target is null || role is null)
                return Result.NotFound(target is null ? "This member no longer exists." : "This role no longer exists.");
            var holds = target.Roles.Any(r => r.Id == roleId);
            if (holds == grant)
                return Result.Ok(grant ? $"{target.Email} already holds {role.Name}." : $"{target.Email} does not hold {role.Name}.");

            var refused = EnsureMayGrant(actor, role, grant ? "grant" : "remove")
                ?? EnsureMayManage(actor, target)
                ?? (role.IsOwner && !grant ? await EnsureNotLastOwnerAsync(store, target, "removed from the Owner role", ct) : null);
            if (refused is not null)
                return refused;

            var (subject, state) = MemberInfo.Assignment(target, role);
            audit.Record(actor, grant ? AuditActions.Granted : AuditActions.Revoked, subject, grant ? null : state, grant ? state : null);
            if (grant)
                await store.AddRoleAsync(userId, roleId, ct);
            else
                await store.RemoveRoleAsync(userId, roleId, ct);
            return Result.Ok(grant ? $"{target.Email} now holds {role.Name}." : $"{target.Email} no longer holds {role.Name}.");
        }, ct);

    public Task<Result> SetEnabledAsync(Actor given, string userId, bool enabled, CancellationToken ct = default) =>
        store.SerializeAsync(async () =>
        {
            var actor = await CurrentAsync(store, given, ct);
            if (EnsureHas(actor, Permissions.MemberManage) is { } denied)
                return denied;
            if (!enabled && userId == actor.UserId)
                return Result.Conflict("You cannot disable your own account.");
            var target = await store.FindMemberAsync(userId, ct);
            if (target is null)
                return Result.NotFound("This member no longer exists.");
            var refused = EnsureMayManage(actor, target)
                ?? (!enabled ? await EnsureNotLastOwnerAsync(store, target, "disabled", ct) : null);
            if (refused is not null)
                return refused;

            audit.Record(actor, enabled ? AuditActions.Enabled : AuditActions.Disabled, target.AuditSubject,
                target.ToAuditState(), (target with { IsEnabled = enabled }).ToAuditState());
            if (!await store.SetEnabledAsync(userId, enabled, ct))
                return Result.Conflict($"{target.Email}'s account changed at the same moment. Nothing was changed: try again.");
            return Result.Ok(enabled ? $"{target.Email} can sign in again." : $"{target.Email} is disabled and signed out.");
        }, ct);

    public Task<Result> DeleteAsync(Actor given, string userId, CancellationToken ct = default) =>
        store.SerializeAsync(async () =>
        {
            var actor = await CurrentAsync(store, given, ct);
            if (EnsureHas(actor, Permissions.MemberManage) is { } denied)
                return denied;
            if (userId == actor.UserId)
                return Result.Conflict("You cannot remove your own account.");
            var target = await store.FindMemberAsync(userId, ct);
            if (target is null)
                return Result.NotFound("This member no longer exists.");
            var refused = EnsureMayManage(actor, target) ?? await EnsureNotLastOwnerAsync(store, target, "removed", ct);
            if (refused is not null)
                return refused;

            audit.Record(actor, AuditActions.Deleted, target.AuditSubject, target.ToAuditState(), null);
            if (!await store.DeleteMemberAsync(userId, ct))
                return Result.Conflict($"{target.Email}'s account changed at the same moment. Nothing was removed: try again.");
            return Result.Ok($"{target.Email} was removed.");
        }, ct);

}
