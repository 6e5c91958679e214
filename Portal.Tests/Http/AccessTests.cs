using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Http;

public sealed class AccessTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/providers")]
    [InlineData("/providers/new")]
    [InlineData("/providers/6f1c1b7e-9d7e-4b8c-9a51-0c8f0b3c7a10/settings")]
    [InlineData("/account/password")]
    public async Task Page_Anonymous_RedirectsToSignIn(string path)
    {
        var client = app.CreateAnonymousClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("/account/login", location);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location);
    }

    [Fact]
    public async Task SignInPage_Anonymous_RendersWithMudBlazorStyles()
    {
        var client = app.CreateAnonymousClient();

        var html = await client.GetStringAsync("/account/login");

        Assert.Contains("Sign in to Portal", html);
        Assert.Contains("_content/MudBlazor/MudBlazor.min", html);
        Assert.Contains("mud-theme-provider", html);
        var css = await client.GetAsync(StylesheetHref(html));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Fact]
    public async Task Responses_CarryTheSecurityHeaders()
    {
        var response = await app.CreateAnonymousClient().GetAsync("/account/login");

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains(response.Headers.GetValues("Content-Security-Policy"), value => value.Contains("frame-ancestors 'none'"));
    }

    [Fact]
    public async Task StaticFile_SignedIn_DoesNotRenewTheCookie()
    {
        var client = await app.CreateSignedInClientAsync();

        var css = await client.GetAsync("/app.css");
        var page = await client.GetAsync("/providers");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.False(css.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task SignIn_CorrectPassword_RedirectsToReturnUrlAndOpensPages()
    {
        var client = app.CreateAnonymousClient();

        var response = await client.PostSignInAsync(PortalFactory.OwnerEmail, PortalFactory.OwnerPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var providers = await client.GetAsync("/providers");
        Assert.Equal(HttpStatusCode.OK, providers.StatusCode);
        Assert.Contains("OAuth Providers", await providers.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsMessageAndStaysSignedOut()
    {
        var client = app.CreateAnonymousClient();

        var response = await client.PostSignInAsync(PortalFactory.OwnerEmail, "not the password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The e-mail or password is not correct.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/providers")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksTheAccountEvenForTheRightPassword()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = "lock@test.local", Email = "lock@test.local", DisplayName = "Lock" };
        Assert.True((await users.CreateAsync(user, "the right password")).Succeeded);
        var client = app.CreateAnonymousClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await client.PostSignInAsync("lock@test.local", "wrong password");
            Assert.Contains("not correct", await failed.Content.ReadAsStringAsync());
        }
        var fifth = await client.PostSignInAsync("lock@test.local", "wrong password");
        var afterLockout = await client.PostSignInAsync("lock@test.local", "the right password");

        Assert.Contains("locked", await fifth.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, afterLockout.StatusCode);
        Assert.Contains("locked", await afterLockout.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_IsRejected()
    {
        var client = app.CreateAnonymousClient();

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = PortalFactory.OwnerEmail,
            ["Input.Password"] = PortalFactory.OwnerPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/providers")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithToken_EndsTheSession_WithoutToken_IsRejected()
    {
        var client = await app.CreateSignedInClientAsync();
        var page = await client.GetStringAsync("/providers");
        var token = SignInClient.HiddenInputs(page)["__RequestVerificationToken"];

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/providers")).StatusCode);

        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/providers")).StatusCode);
    }

    [Theory]
    [InlineData("/providers", "/providers")]
    [InlineData("providers/new", "providers/new")]
    [InlineData("https://evil.example/", "providers")]
    [InlineData("//evil.example/x", "providers")]
    [InlineData("/\\evil.example", "providers")]
    [InlineData("/account/logout", "providers")]
    [InlineData(null, "providers")]
    public void LocalReturnUrl_OnlyPathsOnThisSite(string? returnUrl, string expected) =>
        Assert.Equal(expected.TrimStart('/'), Portal.Components.Account.Login.LocalReturnUrl(returnUrl));

    [Fact]
    public async Task Database_UsesWalAndBusyTimeout()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal("5000", await Scalar(connection, "PRAGMA busy_timeout;"));
        Assert.Equal(app.DatabasePath, connection.DataSource);
    }

    private static async Task<string?> Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static string StylesheetHref(string html)
    {
        const string marker = "href=\"_content/MudBlazor/";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + "href=\"".Length;
        return "/" + html[start..html.IndexOf('"', start)];
    }
}
