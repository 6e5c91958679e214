using FluentValidation;
using Portal.Domain.Audit;
using Portal.Domain.Common;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Access;

/// <summary>Built-in and custom roles. Built-in roles are read-only; custom roles obey the no-escalation rule.</summary>
public sealed class RoleService(IAccessStore store, IValidator<RoleInput> validator, IAuditTrail audit)
{
    public async Task<Result<IReadOnlyList<RoleInfo>>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.MemberView) is { } denied)
            return Result<IReadOnlyList<RoleInfo>>.From(denied);
        return Result<IReadOnlyList<RoleInfo>>.Ok(await store.GetRolesAsync(ct), "");
    }

    public async Task<Result<string>> CreateAsync(Actor actor, RoleInput input, CancellationToken ct = default)
    {
        input.Id = null;
        var refused = EnsureHas(actor, Permissions.MemberManage)
            ?? EnsureHoldsAll(actor, input.Permissions, $"create the role '{input.Name.Trim()}'")
            ?? await ValidateAsync(input, ct);
        if (refused is not null)
            return Result<string>.From(refused);

        var id = Guid.NewGuid().ToString();
        audit.Record(actor, AuditActions.Created, new AuditSubject(AuditEntityTypes.Role, id, input.Name.Trim()), null,
            RoleInfo.AuditOf(input.Name, input.Description, input.Permissions));
        return await store.CreateRoleAsync(id, input, ct)
            ? Result<string>.Ok(id, $"Role '{input.Name.Trim()}' created.")
            : Result<string>.From(NameTaken(input));
    }

    // Serialized with role assignments: the holders checked below are the holders changed.
    public Task<Result> UpdateAsync(Actor actor, RoleInput input, CancellationToken ct = default) =>
        store.SerializeAsync(() => UpdateCoreAsync(actor, input, ct), ct);

    private async Task<Result> UpdateCoreAsync(Actor given, RoleInput input, CancellationToken ct)
    {
        var actor = await CurrentAsync(store, given, ct);
        if (EnsureHas(actor, Permissions.MemberManage) is { } denied)
            return denied;
        if (input.Id is null || await store.FindRoleAsync(input.Id, ct) is not { } role)
            return Result.NotFound("This role no longer exists.");
        if (role.IsBuiltIn)
            return Result.Forbidden($"'{role.Name}' is a built-in role: its permissions cannot be changed.");
        var refused = EnsureHoldsAll(actor, role.Permissions.Union(input.Permissions), $"change the role '{role.Name}'")
            ?? await ValidateAsync(input, ct);
        if (refused is not null)
            return refused;

        // Taking a permission from a role takes it from everyone who holds the role: that needs their powers too.
        if (role.Permissions.Except(input.Permissions).Any())
        {
            foreach (var holder in await store.HoldersAsync(role.Id, ct))
            {
                if (EnsureMayManage(actor, holder) is { } notAllowed)
                    return notAllowed;
            }
        }

        audit.Record(actor, AuditActions.Updated, role.AuditSubject with { Name = input.Name.Trim() }, role.ToAuditState(),
            RoleInfo.AuditOf(input.Name, input.Description, input.Permissions));
        return await store.UpdateRoleAsync(role.Id, input, ct)
            ? Result.Ok($"Role '{input.Name.Trim()}' saved.")
            : NameTaken(input);
    }

    // Serialized with role assignments, so a role cannot be given to someone while it is being deleted.
    public Task<Result> DeleteAsync(Actor actor, string roleId, CancellationToken ct = default) =>
        store.SerializeAsync(() => DeleteCoreAsync(actor, roleId, ct), ct);

    private async Task<Result> DeleteCoreAsync(Actor actor, string roleId, CancellationToken ct)
    {
        if (EnsureHas(actor, Permissions.MemberManage) is { } denied)
            return denied;
        if (await store.FindRoleAsync(roleId, ct) is not { } role)
            return Result.NotFound("This role no longer exists.");
        if (role.IsBuiltIn)
            return Result.Forbidden($"'{role.Name}' is a built-in role and cannot be deleted.");
        if (EnsureHoldsAll(actor, role.Permissions, $"delete the role '{role.Name}'") is { } refused)
            return refused;
        if (role.MemberCount > 0)
        {
            return Result.Conflict(
                $"'{role.Name}' is still held by {role.MemberCount} member{(role.MemberCount == 1 ? "" : "s")}: remove it from them first.");
        }

        audit.Record(actor, AuditActions.Deleted, role.AuditSubject, role.ToAuditState(), null);
        await store.DeleteRoleAsync(roleId, ct);
        return Result.Ok($"Role '{role.Name}' deleted.");
    }

    private static Result NameTaken(RoleInput input) =>
        Result.Invalid([new FieldError(nameof(RoleInput.Name), $"Another role is already called '{input.Name.Trim()}'.")]);

    private async Task<Result?> ValidateAsync(RoleInput input, CancellationToken ct)
    {
        var check = await validator.ValidateAsync(input, ct);
        return check.IsValid ? null : Result.Invalid(FieldError.From(check.Errors));
    }
}
