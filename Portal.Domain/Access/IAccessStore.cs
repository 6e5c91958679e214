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

    /// <summary>Creates an enabled account that must change its password at first sign-in; returns its id or field errors.</summary>
    Task<Result<string>> CreateMemberAsync(string email, string displayName, string password, CancellationToken ct = default);

    Task AddRoleAsync(string userId, string roleId, CancellationToken ct = default);

    Task RemoveRoleAsync(string userId, string roleId, CancellationToken ct = default);

    /// <summary>Disabling also ends the member's open sessions.</summary>
    Task SetEnabledAsync(string userId, bool enabled, CancellationToken ct = default);

    Task DeleteMemberAsync(string userId, CancellationToken ct = default);

    Task<string> CreateRoleAsync(RoleInput role, CancellationToken ct = default);

    Task UpdateRoleAsync(string roleId, RoleInput role, CancellationToken ct = default);

    Task DeleteRoleAsync(string roleId, CancellationToken ct = default);

    /// <summary>
    /// Runs a check-then-write one at a time, so two administrators cannot both remove "the other" Owner
    /// and leave none.
    /// </summary>
    Task<T> SerializeAsync<T>(Func<Task<T>> work, CancellationToken ct = default);
}
