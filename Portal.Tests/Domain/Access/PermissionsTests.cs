using Portal.Domain.Access;

namespace Portal.Tests.Domain.Access;

public sealed class PermissionsTests
{
    [Fact]
    public void All_AreTheEightOfTheSpec_EachWithADescription()
    {
        Assert.Equal(
            ["Org:View", "Member:View", "Member:Manage", "Settings:View", "Settings:Manage", "Tokens:View", "Tokens:Revoke", "Audit:View"],
            Permissions.All.Select(p => p.Name));
        Assert.All(Permissions.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        Assert.All(Permissions.All, p => Assert.Equal($"{p.Group}:{p.Action}", p.Name));
    }

    [Fact]
    public void Expand_ManageAndRevokeIncludeViewAndEveryoneMaySignIn()
    {
        Assert.Equal(["Org:View", "Settings:Manage", "Settings:View"], Permissions.Expand(["Settings:Manage"]).Order());
        Assert.Equal(["Org:View", "Tokens:Revoke", "Tokens:View"], Permissions.Expand(["Tokens:Revoke"]).Order());
        Assert.Equal(["Member:Manage", "Member:View", "Org:View"], Permissions.Expand(["Member:Manage"]).Order());
        Assert.Equal(["Org:View"], Permissions.Expand([]));
    }

    [Fact]
    public void Expand_UnknownPermission_GrantsNothing() =>
        Assert.Equal(["Org:View"], Permissions.Expand(["Settings:Everything", "settings:manage"]));

    [Fact]
    public void BuiltInRoles_HoldWhatTheSpecSays()
    {
        var all = Permissions.All.Select(p => p.Name).Order();
        Assert.Equal(all, BuiltInRoles.Owner.Permissions.Order());
        Assert.Equal(all, BuiltInRoles.OrganizationAdministrator.Permissions.Order());
        Assert.Equal(["Audit:View", "Org:View", "Settings:View"], BuiltInRoles.Auditor.Permissions.Order());
        Assert.Equal(["Member:View", "Org:View", "Settings:View", "Tokens:View"], BuiltInRoles.Viewer.Permissions.Order());
        Assert.Equal(["Org:View"], BuiltInRoles.Member.Permissions);
        Assert.Equal(["owner", "org-admin", "auditor", "viewer", "member"], BuiltInRoles.All.Select(r => r.Id));
    }
}
