using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Clients;
using Portal.Domain.Providers;
using Portal.Domain.ResourceOwners;
using Portal.Tests.TestData;

namespace Portal.Tests.OAuth;

/// <summary>
/// The resource owner's <c>issued</c> path (spec §4): list one's grants, revoke one application's. Served only while
/// token management is on, Native, with the resource-owner path ticked.
/// </summary>
public sealed class IssuedPathTests(EngineApp app) : IClassFixture<EngineApp>
{
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IssuedSecret client, string user, string password)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-IBM-Client-Id", client.ClientId);
        request.Headers.Add("X-IBM-Client-Secret", client.Secret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await app.CreateClient().SendAsync(request);
    }

    private async Task<(Guid Id, string Name, string Password, IssuedSecret Mobile, IssuedSecret Shop)> SetUpAsync(string title, bool ownerPath = true)
    {
        var (id, name, password) = await app.PasswordProviderAsync(title);
        if (ownerPath)
            await app.TokenManagementAsync(id, t => t.ResourceOwnerRevocation = true);
        var mobile = await app.ClientAsync(id, "Mobile app", GrantTypes.Password);
        var shop = await app.ClientAsync(id, "Web shop", GrantTypes.Password);
        return (id, name, password, mobile, shop);
    }

    [Fact]
    public async Task Get_ListsTheOwnersGrantsWithEveryApplication_AndNobodyElses()
    {
        var (id, name, password, mobile, shop) = await SetUpAsync("Issued List");
        var bob = (await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().CreateAsync(Actors.Owner, id, new ResourceOwnerInput { UserName = "bob" }))).Value!;
        await app.PasswordTokenAsync(name, mobile, password);
        await app.PasswordTokenAsync(name, shop, password);
        await app.PasswordTokenAsync(name, shop, bob.Password, "bob");

        var response = await SendAsync(HttpMethod.Get, $"/{name}/oauth2/issued", mobile, "alice", password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var grants = (await EngineApp.JsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(new[] { (mobile.ClientId, "Mobile app"), (shop.ClientId, "Web shop") }.Order(),
            grants.Select(g => (g.GetProperty("client_id").GetString()!, g.GetProperty("client_name").GetString()!)).Order());
        Assert.All(grants, g =>
        {
            Assert.Equal("orders:read orders:write", g.GetProperty("scope").GetString());
            Assert.Equal(3, g.GetProperty("refresh_tokens_remaining").GetInt32());
            Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds(), g.GetProperty("consented_on").GetInt64());
        });
    }

    [Fact]
    public async Task Delete_RevokesEveryTokenTheOwnerGaveThatApplication_OnlyThat_AndThenThereIsNone()
    {
        var (_, name, password, mobile, shop) = await SetUpAsync("Issued Delete");
        var first = await app.PasswordTokenAsync(name, mobile, password);
        var second = await app.PasswordTokenAsync(name, mobile, password);
        var kept = await app.PasswordTokenAsync(name, shop, password);

        var deleted = await SendAsync(HttpMethod.Delete, $"/{name}/oauth2/issued?client-id={mobile.ClientId}", shop, "alice", password);
        var again = await SendAsync(HttpMethod.Delete, $"/{name}/oauth2/issued?client-id={mobile.ClientId}", shop, "alice", password);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("success", (await EngineApp.JsonAsync(deleted)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        foreach (var token in new[] { first, second })
        {
            Assert.False((await app.IntrospectAsync(name, shop, token.GetProperty("access_token").GetString()!)).GetProperty("active").GetBoolean());
            Assert.Equal(HttpStatusCode.BadRequest, (await app.RefreshAsync(name, mobile, token.GetProperty("refresh_token").GetString()!)).StatusCode);
        }
        Assert.True((await app.IntrospectAsync(name, shop, kept.GetProperty("access_token").GetString()!)).GetProperty("active").GetBoolean());
        var list = await EngineApp.JsonAsync(await SendAsync(HttpMethod.Get, $"/{name}/oauth2/issued", shop, "alice", password));
        Assert.Equal([shop.ClientId], list.EnumerateArray().Select(g => g.GetProperty("client_id").GetString()));
    }

    [Fact]
    public async Task TheOwnersPasswordAndTheApplicationsSecret_AreBothRequired()
    {
        var (_, name, password, mobile, _) = await SetUpAsync("Issued Auth");

        var wrongPassword = await SendAsync(HttpMethod.Get, $"/{name}/oauth2/issued", mobile, "alice", "not the password");
        var wrongSecret = await SendAsync(HttpMethod.Get, $"/{name}/oauth2/issued", mobile with { Secret = "guess" }, "alice", password);
        using var noOwner = new HttpRequestMessage(HttpMethod.Get, $"/{name}/oauth2/issued");
        noOwner.Headers.Add("X-IBM-Client-Id", mobile.ClientId);
        noOwner.Headers.Add("X-IBM-Client-Secret", mobile.Secret);
        var anonymous = await app.CreateClient().SendAsync(noOwner);
        var missingClient = await SendAsync(HttpMethod.Delete, $"/{name}/oauth2/issued", mobile, "alice", password);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.StartsWith("Basic", wrongPassword.Headers.WwwAuthenticate.ToString());
        Assert.Equal("access_denied", (await EngineApp.JsonAsync(wrongPassword)).GetProperty("error").GetString());
        Assert.Equal("invalid_client", (await EngineApp.JsonAsync(wrongSecret)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("invalid_request", (await EngineApp.JsonAsync(missingClient)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task AUsersPassword_IsTakenAsTyped_NotFormDecodedLikeAClientSecret()
    {
        var (id, name, _, mobile, _) = await SetUpAsync("Issued Plain Password");
        var alice = (await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().ListAsync(Actors.Owner, id))).Value!.Single();
        const string password = "Spring+2026%41 x";
        await app.WithScope(s => s.GetRequiredService<ResourceOwnerService>().SetPasswordAsync(Actors.Owner, alice.Id, password));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/{name}/oauth2/issued", mobile, "alice", password)).StatusCode);
    }

    [Fact]
    public async Task ThePath_IsServedOnlyWhileTokenManagementIsOnAndNative_WithTheOwnerPathTicked()
    {
        var (id, name, password, mobile, _) = await SetUpAsync("Issued Switch", ownerPath: false);
        async Task<HttpStatusCode> StatusAsync() => (await SendAsync(HttpMethod.Get, $"/{name}/oauth2/issued", mobile, "alice", password)).StatusCode;

        var unticked = await StatusAsync();
        await app.TokenManagementAsync(id, t => t.ResourceOwnerRevocation = true);
        var ticked = await StatusAsync();
        await app.TokenManagementAsync(id, t => t.Enabled = false);
        var off = await StatusAsync();
        var post = await app.PostAsync($"/{name}/oauth2/issued", mobile);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.NotFound), (unticked, ticked, off));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
