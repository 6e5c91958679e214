using Portal.Domain.Access;

namespace Portal.Tests.TestData;

internal static class Actors
{
    public static Actor Owner { get; } = For(BuiltInRoles.Owner, "owner");

    public static Actor For(BuiltInRole role, string id = "user") =>
        new(id, $"{id}@test.local", Permissions.Expand(role.Permissions), IsOwner: role == BuiltInRoles.Owner);

    public static Actor With(params Permission[] permissions) =>
        new("custom", "custom@test.local", Permissions.Expand(permissions.Select(p => p.Name)), IsOwner: false);
}
