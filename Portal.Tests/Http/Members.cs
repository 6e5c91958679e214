using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Access;

namespace Portal.Tests.Http;

/// <summary>Creates members with roles directly in the app's database, for tests that need several kinds of user.</summary>
public static class Members
{
    public const string Password = "member pass phrase";

    public static async Task<string> CreateAsync(PortalFactory app, string email, params string[] roleIds)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], CreatedAtUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        foreach (var roleId in roleIds)
            await access.AddRoleAsync(user.Id, roleId);
        return user.Id;
    }

    public static async Task<string> CreateRoleAsync(PortalFactory app, string name, params Permission[] permissions)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var id = Guid.NewGuid().ToString();
        var created = await scope.ServiceProvider.GetRequiredService<IAccessStore>()
            .CreateRoleAsync(id, new RoleInput { Name = name, Permissions = [.. permissions.Select(p => p.Name)] });
        return created ? id : throw new InvalidOperationException($"A role is already called {name}.");
    }
}
