using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Access;
using Portal.Domain.Access;
using Portal.Domain.Common;

namespace Portal.Data.Stores;

/// <summary>Members and roles on ASP.NET Core Identity's tables; permissions are role claims.</summary>
internal sealed class IdentityAccessStore(PortalDbContext db, UserManager<ApplicationUser> users, TimeProvider time) : IAccessStore
{
    // One node by default: a process-wide lock makes the last-Owner check and the write one step.
    // Several nodes on PostgreSQL will need a database lock here instead.
    private static readonly SemaphoreSlim Serializer = new(1, 1);

    public async Task<MemberInfo?> FindMemberAsync(string userId, CancellationToken ct = default) =>
        (await ToMembersAsync(await db.Users.AsNoTracking().Where(u => u.Id == userId).ToListAsync(ct), ct)).FirstOrDefault();

    public async Task<IReadOnlyList<MemberInfo>> HoldersAsync(string roleId, CancellationToken ct = default) =>
        await ToMembersAsync(await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId)).ToListAsync(ct), ct);

    public Task<MemberPage> SearchMembersAsync(MemberQuery query, CancellationToken ct = default)
    {
        var members = db.Users.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + query.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            members = members.Where(u => EF.Functions.Like(u.Email!, pattern, "\\") || EF.Functions.Like(u.DisplayName, pattern, "\\"));
        }
        return QueryMembersAsync(members.OrderBy(u => u.Email), query.Page, query.PageSize, ct);
    }

    private async Task<MemberPage> QueryMembersAsync(IQueryable<ApplicationUser> members, int page, int pageSize, CancellationToken ct)
    {
        var total = await members.CountAsync(ct);
        var rows = await members.AsNoTracking().Skip(page * pageSize).Take(pageSize).ToListAsync(ct);
        return new MemberPage(await ToMembersAsync(rows, ct), total);
    }

    /// <summary>Members with their roles: two queries whatever the number of users.</summary>
    private async Task<IReadOnlyList<MemberInfo>> ToMembersAsync(List<ApplicationUser> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(u => u.Id).ToList();
        var assignments = await db.UserRoles.AsNoTracking().Where(ur => ids.Contains(ur.UserId)).ToListAsync(ct);
        var roles = (await LoadRolesAsync(assignments.Select(a => a.RoleId).Distinct().ToList(), withMemberCounts: false, ct)).ToDictionary(r => r.Id);
        var now = time.GetUtcNow();
        return [.. rows.Select(u => new MemberInfo(
            u.Id, u.Email ?? "", u.DisplayName, u.IsEnabled,
            IsLockedOut: u.LockoutEnd is { } end && end > now,
            u.MustChangePassword, u.CreatedAtUtc, u.LastSignInAtUtc,
            // A role deleted between the two queries simply no longer counts.
            [.. assignments.Where(a => a.UserId == u.Id && roles.ContainsKey(a.RoleId)).Select(a => roles[a.RoleId]).OrderBy(r => r.Name)]))];
    }

    public Task<IReadOnlyList<RoleInfo>> GetRolesAsync(CancellationToken ct = default) => LoadRolesAsync(null, withMemberCounts: true, ct);

    private async Task<IReadOnlyList<RoleInfo>> LoadRolesAsync(IReadOnlyList<string>? ids, bool withMemberCounts, CancellationToken ct)
    {
        var roleQuery = db.Roles.AsNoTracking();
        var claimQuery = db.RoleClaims.AsNoTracking().Where(c => c.ClaimType == PortalClaims.Permission);
        if (ids is not null)
        {
            roleQuery = roleQuery.Where(r => ids.Contains(r.Id));
            claimQuery = claimQuery.Where(c => ids.Contains(c.RoleId));
        }
        var roles = await roleQuery.ToListAsync(ct);
        var claims = await claimQuery.ToListAsync(ct);
        var counts = withMemberCounts
            ? await db.UserRoles.Where(ur => ids == null || ids.Contains(ur.RoleId)).GroupBy(ur => ur.RoleId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct)
            : [];
        return [.. roles
            .Select(r => new RoleInfo(r.Id, r.Name ?? "", r.Description, r.IsBuiltIn,
                claims.Where(c => c.RoleId == r.Id).Select(c => c.ClaimValue!).ToHashSet(StringComparer.Ordinal),
                counts.GetValueOrDefault(r.Id)))
            .OrderBy(r => BuiltInOrder(r.Id)).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static int BuiltInOrder(string roleId)
    {
        var index = BuiltInRoles.All.ToList().FindIndex(r => r.Id == roleId);
        return index < 0 ? int.MaxValue : index;
    }

    public async Task<RoleInfo?> FindRoleAsync(string roleId, CancellationToken ct = default) =>
        (await LoadRolesAsync([roleId], withMemberCounts: true, ct)).FirstOrDefault();

    public Task<bool> RoleNameInUseAsync(string name, string? exceptRoleId, CancellationToken ct = default)
    {
        var normalized = name.ToUpperInvariant();
        return db.Roles.AnyAsync(r => r.NormalizedName == normalized && r.Id != exceptRoleId, ct);
    }

    public Task<int> CountEnabledOwnersAsync(CancellationToken ct = default) =>
        db.UserRoles.Where(ur => ur.RoleId == BuiltInRoles.Owner.Id)
            .Join(db.Users, ur => ur.UserId, u => u.Id, (_, u) => u)
            .CountAsync(u => u.IsEnabled, ct);

    public async Task<Result<string>> CreateMemberAsync(string id, string email, string displayName, string password, IReadOnlyList<string> roleIds, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = new ApplicationUser
        {
            Id = id,
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            MustChangePassword = true,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            db.UserRoles.AddRange(roleIds.Select(roleId => new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Result<string>.Ok(user.Id, "");
        }
        db.DiscardPendingAudit(); // refused before anything was written: no record of it
        // Identity's DuplicateUserName/DuplicateEmail and e-mail format errors belong to the e-mail field.
        return Result<string>.From(Result.Invalid([.. result.Errors
            .Where(e => e.Code != "DuplicateUserName")
            .Select(e => new FieldError(nameof(NewMemberInput.Email), e.Code == "DuplicateEmail" ? $"{email} is already a member." : e.Description))]));
    }

    public async Task AddRoleAsync(string userId, string roleId, CancellationToken ct = default)
    {
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveRoleAsync(string userId, string roleId, CancellationToken ct = default)
    {
        db.UserRoles.Remove(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> SetEnabledAsync(string userId, bool enabled, CancellationToken ct = default) =>
        KeepRecordsIf(await users.FindByIdAsync(userId) is { } user && (await SetEnabledAsync(user, enabled)).Succeeded);

    private async Task<IdentityResult> SetEnabledAsync(ApplicationUser user, bool enabled)
    {
        user.IsEnabled = enabled;
        // A new security stamp ends the member's cookies and open pages at their next check.
        return enabled ? await users.UpdateAsync(user) : await users.UpdateSecurityStampAsync(user);
    }

    public async Task<bool> DeleteMemberAsync(string userId, CancellationToken ct = default) =>
        KeepRecordsIf(await users.FindByIdAsync(userId) is { } user && (await users.DeleteAsync(user)).Succeeded);

    /// <summary>Identity refuses some changes before saving anything: their audit records must not wait for a later save.</summary>
    private bool KeepRecordsIf(bool changed)
    {
        if (!changed)
            db.DiscardPendingAudit();
        return changed;
    }

    public async Task<bool> CreateRoleAsync(string id, RoleInput role, CancellationToken ct = default)
    {
        var entity = new ApplicationRole { Id = id, IsBuiltIn = false };
        Apply(entity, role);
        db.Roles.Add(entity);
        return await db.SaveOutcomeAsync(ct) == SaveOutcome.Saved;
    }

    public async Task<bool> UpdateRoleAsync(string roleId, RoleInput role, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.RoleClaims.Where(c => c.RoleId == roleId && c.ClaimType == PortalClaims.Permission).ExecuteDeleteAsync(ct);
        var entity = await db.Roles.FirstAsync(r => r.Id == roleId, ct);
        Apply(entity, role);
        if (await db.SaveOutcomeAsync(ct) != SaveOutcome.Saved)
            return false; // the transaction rolls back: the old permissions stay
        await transaction.CommitAsync(ct);
        return true;
    }

    private void Apply(ApplicationRole entity, RoleInput role)
    {
        entity.Name = role.Name.Trim();
        entity.NormalizedName = entity.Name.ToUpperInvariant();
        entity.Description = role.Description.Trim();
        foreach (var permission in role.Permissions)
            db.RoleClaims.Add(new IdentityRoleClaim<string> { RoleId = entity.Id, ClaimType = PortalClaims.Permission, ClaimValue = permission });
    }

    public async Task DeleteRoleAsync(string roleId, CancellationToken ct = default)
    {
        // Tracked, not ExecuteDelete: the delete and its audit record are one save. The role's claims go by cascade.
        if (await db.Roles.FirstOrDefaultAsync(r => r.Id == roleId && !r.IsBuiltIn, ct) is not { } role)
        {
            db.DiscardPendingAudit();
            return;
        }
        db.Roles.Remove(role);
        await db.SaveChangesAsync(ct);
    }

    public async Task<T> SerializeAsync<T>(Func<Task<T>> work, CancellationToken ct = default)
    {
        await Serializer.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            Serializer.Release();
        }
    }
}
