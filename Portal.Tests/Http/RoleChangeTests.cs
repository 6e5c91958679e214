using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Access;
using Portal.Domain.Access;
using Portal.Tests.TestData;

namespace Portal.Tests.Http;

public sealed class RoleChangeTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    private async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task RemovedRole_AppliesToTheNextRequest_WithoutSigningOut()
    {
        var userId = await Members.CreateAsync(app, "demoted@test.local", BuiltInRoles.OrganizationAdministrator.Id);
        var client = await app.CreateSignedInClientAsync("demoted@test.local", Members.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/members")).StatusCode);

        var removed = await WithScope(s => s.GetRequiredService<MemberService>()
            .RemoveRoleAsync(Actors.Owner, userId, BuiltInRoles.OrganizationAdministrator.Id));
        Assert.True(removed.IsSuccess, removed.Message);

        var next = await client.GetAsync("/members");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/access-denied", next.Headers.Location!.ToString()); // still signed in, just not allowed
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/access-denied")).StatusCode);
    }

    [Fact]
    public async Task GrantedRole_AppliesToTheNextRequest()
    {
        var userId = await Members.CreateAsync(app, "promoted@test.local", BuiltInRoles.Member.Id);
        var client = await app.CreateSignedInClientAsync("promoted@test.local", Members.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/providers")).StatusCode);

        await WithScope(s => s.GetRequiredService<MemberService>().AssignRoleAsync(Actors.Owner, userId, BuiltInRoles.Auditor.Id));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/providers")).StatusCode);
    }

    [Fact]
    public async Task DisabledMember_IsSignedOutAtTheNextRequest_AndCannotSignInAgain()
    {
        var userId = await Members.CreateAsync(app, "disabled@test.local", BuiltInRoles.Viewer.Id);
        var client = await app.CreateSignedInClientAsync("disabled@test.local", Members.Password);

        var disabled = await WithScope(s => s.GetRequiredService<MemberService>().SetEnabledAsync(Actors.Owner, userId, enabled: false));
        Assert.True(disabled.IsSuccess, disabled.Message);

        var next = await client.GetAsync("/providers");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/account/login", next.Headers.Location!.ToString());
        var again = await app.CreateAnonymousClient().PostSignInAsync("disabled@test.local", Members.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This account is disabled.", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NewMember_MustChangeTheInitialPasswordBeforeAnythingElse()
    {
        var added = await WithScope(s => s.GetRequiredService<MemberService>().AddAsync(Actors.Owner,
            new NewMemberInput { Email = "fresh@test.local", DisplayName = "Fresh", RoleIds = [BuiltInRoles.Viewer.Id] }));
        Assert.True(added.IsSuccess, added.Message);
        var client = app.CreateAnonymousClient();

        var signIn = await client.PostSignInAsync("fresh@test.local", added.Value!.InitialPassword);
        Assert.EndsWith("/account/password", signIn.Headers.Location!.ToString());
        var providers = await client.GetAsync("/providers");
        Assert.Equal(HttpStatusCode.Redirect, providers.StatusCode);
        Assert.EndsWith("/account/password", providers.Headers.Location!.ToString());
        Assert.Contains("Choose your own to continue", await client.GetStringAsync("/account/password"));
    }

    [Fact]
    public void RevalidationInterval_DefaultsToHalfAMinute_AndIsReadFromConfiguration()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new AccessOptions().RevalidationInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.RevalidationInterval);
    }
}
