using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>Members, roles and role assignments. The rules about who may change them live in the services.</summary>
public interface IAccessStore
{
    Task<MemberInfo?> FindMemberAsync(string userId, CancellationToken ct = default);

    Task<MemberPage> SearchMembersAsync(MemberQuery query, CancellationToken ct = default);

    Task<IReadOnlyList<RoleInfo>> GetRolesAsync(CancellationToken ct = default);

    Task<RoleInfo?> FindRoleAsync(string roleId, CancellationToken ct = default);

    Task<bool> RoleNameInUseAsync(string name, string? exceptRoleId, CancellationToken ct = default);

    Task<int> CountEnabledOwnersAsync(CancellationToken ct = default);

    /// <summary>The members who hold a role.</summary>
    Task<IReadOnlyList<MemberInfo>> HoldersAsync(string roleId, CancellationToken ct = default);

    /// <summary>
    /// Creates an enabled account with its roles in one step (all or nothing); it must change its password at first
    /// sign-in. Returns its id or field errors.
    /// </summary>
    Task<Result<string>> CreateMemberAsync(string id, string email, string displayName, string password, IReadOnlyList<string> roleIds, CancellationToken ct = default);

    Task AddRoleAsync(string userId, string roleId, CancellationToken ct = default);

    Task RemoveRoleAsync(string userId, string roleId, CancellationToken ct = default);

    /// <summary>Disabling also ends the member's open sessions. False when the account changed at the same moment.</summary>
    Task<bool> SetEnabledAsync(string userId, bool enabled, CancellationToken ct = default);

    /// <summary>False when the account changed at the same moment.</summary>
    Task<bool> DeleteMemberAsync(string userId, CancellationToken ct = default);

    /// <summary>False when another role took the name at the same moment.</summary>
    Task<bool> CreateRoleAsync(string id, RoleInput role, CancellationToken ct = default);

    /// <summary>False when another role took the name at the same moment.</summary>
    Task<bool> UpdateRoleAsync(string roleId, RoleInput role, CancellationToken ct = default);

    Task DeleteRoleAsync(string roleId, CancellationToken ct = default);

    /// <summary>
    /// Runs a check-then-write one at a time, so two administrators cannot both remove "the other" Owner
    /// and leave none.
    /// </summary>
    Task<T> SerializeAsync<T>(Func<Task<T>> work, CancellationToken ct = default);
}
