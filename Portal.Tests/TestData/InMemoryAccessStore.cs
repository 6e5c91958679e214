using Portal.Domain.Access;
using Portal.Domain.Common;

namespace Portal.Tests.TestData;

/// <summary>Members and roles in memory, for the access rules' unit tests.</summary>
internal sealed class InMemoryAccessStore : IAccessStore
{
    private readonly Dictionary<string, (string Email, string Name, bool Enabled)> _users = [];
    private readonly Dictionary<string, (RoleInput Role, bool BuiltIn)> _roles = [];
    private readonly HashSet<(string UserId, string RoleId)> _assignments = [];

    public InMemoryAccessStore()
    {
        foreach (var role in BuiltInRoles.All)
            _roles[role.Id] = (new RoleInput { Id = role.Id, Name = role.Name, Description = role.Description, Permissions = [.. role.Permissions] }, true);
    }

    public string AddUser(string id, params BuiltInRole[] roles) => AddUser(id, enabled: true, roles.Select(r => r.Id).ToArray());

    public string AddUser(string id, bool enabled, params string[] roleIds)
    {
        _users[id] = ($"{id}@test.local", id, enabled);
        foreach (var roleId in roleIds)
            _assignments.Add((id, roleId));
        return id;
    }

    public Actor ActorOf(string userId) => FindMemberAsync(userId).Result!.ToActor();

    public bool Holds(string userId, string roleId) => _assignments.Contains((userId, roleId));

    public bool IsEnabled(string userId) => _users[userId].Enabled;

    public bool Exists(string userId) => _users.ContainsKey(userId);

    public bool RoleExists(string roleId) => _roles.ContainsKey(roleId);

    private RoleInfo Info(string roleId)
    {
        var (role, builtIn) = _roles[roleId];
        return new RoleInfo(roleId, role.Name, role.Description, builtIn, role.Permissions, _assignments.Count(a => a.RoleId == roleId));
    }

    public Task<MemberInfo?> FindMemberAsync(string userId, CancellationToken ct = default)
    {
        if (!_users.TryGetValue(userId, out var user))
            return Task.FromResult<MemberInfo?>(null);
        var roles = _assignments.Where(a => a.UserId == userId).Select(a => Info(a.RoleId)).ToList();
        return Task.FromResult<MemberInfo?>(new MemberInfo(userId, user.Email, user.Name, user.Enabled, false, false, DateTime.UtcNow, null, roles));
    }

    public async Task<MemberPage> SearchMembersAsync(MemberQuery query, CancellationToken ct = default)
    {
        var all = new List<MemberInfo>();
        foreach (var id in _users.Keys.Order())
            all.Add((await FindMemberAsync(id, ct))!);
        return new MemberPage([.. all.Skip(query.Page * query.PageSize).Take(query.PageSize)], all.Count);
    }

    public Task<IReadOnlyList<RoleInfo>> GetRolesAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<RoleInfo>>([.. _roles.Keys.Select(Info)]);

    public Task<RoleInfo?> FindRoleAsync(string roleId, CancellationToken ct = default) =>
        Task.FromResult(_roles.ContainsKey(roleId) ? Info(roleId) : null);

    public Task<bool> RoleNameInUseAsync(string name, string? exceptRoleId, CancellationToken ct = default) =>
        Task.FromResult(_roles.Any(r => r.Key != exceptRoleId && string.Equals(r.Value.Role.Name, name, StringComparison.OrdinalIgnoreCase)));

    public Task<int> CountEnabledOwnersAsync(CancellationToken ct = default) =>
        Task.FromResult(_assignments.Count(a => a.RoleId == BuiltInRoles.Owner.Id && _users[a.UserId].Enabled));

    public Task<Result<string>> CreateMemberAsync(string id, string email, string displayName, string password, IReadOnlyList<string> roleIds, CancellationToken ct = default)
    {
        if (_users.Values.Any(u => u.Email == email))
            return Task.FromResult(Result<string>.From(Result.Invalid([new FieldError("Email", $"{email} is already a member.")])));
        _users[id] = (email, displayName, true);
        foreach (var roleId in roleIds)
            _assignments.Add((id, roleId));
        return Task.FromResult(Result<string>.Ok(id, ""));
    }

    public async Task<IReadOnlyList<MemberInfo>> HoldersAsync(string roleId, CancellationToken ct = default)
    {
        var holders = new List<MemberInfo>();
        foreach (var (userId, _) in _assignments.Where(a => a.RoleId == roleId))
            holders.Add((await FindMemberAsync(userId, ct))!);
        return holders;
    }

    public Task AddRoleAsync(string userId, string roleId, CancellationToken ct = default)
    {
        _assignments.Add((userId, roleId));
        return Task.CompletedTask;
    }

    public Task RemoveRoleAsync(string userId, string roleId, CancellationToken ct = default)
    {
        _assignments.Remove((userId, roleId));
        return Task.CompletedTask;
    }

    public Task<bool> SetEnabledAsync(string userId, bool enabled, CancellationToken ct = default)
    {
        _users[userId] = _users[userId] with { Enabled = enabled };
        return Task.FromResult(true);
    }

    public Task<bool> DeleteMemberAsync(string userId, CancellationToken ct = default)
    {
        _users.Remove(userId);
        _assignments.RemoveWhere(a => a.UserId == userId);
        return Task.FromResult(true);
    }

    /// <summary>A custom role for a test's set-up; returns its id.</summary>
    public async Task<string?> CreateRoleAsync(RoleInput role)
    {
        var id = Guid.NewGuid().ToString();
        return await CreateRoleAsync(id, role) ? id : null;
    }

    public Task<bool> CreateRoleAsync(string id, RoleInput role, CancellationToken ct = default)
    {
        _roles[id] = (new RoleInput { Id = id, Name = role.Name, Description = role.Description, Permissions = [.. role.Permissions] }, false);
        return Task.FromResult(true);
    }

    public Task<bool> UpdateRoleAsync(string roleId, RoleInput role, CancellationToken ct = default)
    {
        _roles[roleId] = (new RoleInput { Id = roleId, Name = role.Name, Description = role.Description, Permissions = [.. role.Permissions] }, false);
        return Task.FromResult(true);
    }

    public Task DeleteRoleAsync(string roleId, CancellationToken ct = default)
    {
        _roles.Remove(roleId);
        return Task.CompletedTask;
    }

    public Task<T> SerializeAsync<T>(Func<Task<T>> work, CancellationToken ct = default) => work();
}
