using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Http;

public sealed class ChangePasswordTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    private async Task<HttpClient> SignedInAsNewUserAsync(string email, string password)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.CreateAsync(new ApplicationUser { UserName = email, Email = email }, password)).Succeeded);
        }
        return await app.CreateSignedInClientAsync(email, password);
    }

    private static async Task<string> PostAsync(HttpClient client, string current, string @new, string confirm)
    {
        var form = SignInClient.HiddenInputs(await client.GetStringAsync("/account/password"));
        form["Input.Current"] = current;
        form["Input.New"] = @new;
        form["Input.Confirm"] = confirm;
        var response = await client.PostAsync("/account/password", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ChangePassword_Valid_NewPasswordSignsIn_OldDoesNot()
    {
        var client = await SignedInAsNewUserAsync("change@test.local", "first pass phrase");

        var page = await PostAsync(client, "first pass phrase", "second pass phrase", "second pass phrase");

        Assert.Contains("Your password has been changed.", page);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/password")).StatusCode); // still signed in
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateAnonymousClient().PostSignInAsync("change@test.local", "second pass phrase")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAnonymousClient().PostSignInAsync("change@test.local", "first pass phrase")).StatusCode);
    }

    [Theory]
    [InlineData("wrong current phrase", "another pass phrase", "another pass phrase", "Incorrect password.")]
    [InlineData("mismatch pass phrase", "another pass phrase", "different phrase!!", "The two new passwords are not the same.")]
    [InlineData("mismatch pass phrase", "short", "short", "Passwords must be at least 12 characters.")]
    public async Task ChangePassword_Invalid_ShowsWhyAndKeepsTheOldPassword(string current, string @new, string confirm, string message)
    {
        var email = $"{Guid.NewGuid():N}@test.local";
        var client = await SignedInAsNewUserAsync(email, "mismatch pass phrase");

        var page = await PostAsync(client, current, @new, confirm);

        Assert.Contains(message, page);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateAnonymousClient().PostSignInAsync(email, "mismatch pass phrase")).StatusCode);
    }
}
