using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Portal.Data;

namespace Portal.Access;

public static class AccessExtensions
{
    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.Cookie.Name = "portal.auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });

        // Every endpoint needs a signed-in user unless it says otherwise (sign-in page, static files).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async Task<IResult> (HttpContext context, SignInManager<ApplicationUser> signIn) =>
            {
                // The antiforgery middleware only records its verdict; a page on another site must not sign users out.
                if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
                    return TypedResults.BadRequest("The sign-out form has expired: reload the page and sign out again.");
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("~/account/login");
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }
}
