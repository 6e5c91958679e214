using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Portal.Data;
using Portal.Domain.Access;

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
            options.AccessDeniedPath = "/access-denied";
            options.Cookie.Name = "portal.auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // Roles are re-read on every page request (interval zero, below), but not for static files: a stylesheet
            // needs no fresh principal, and must not come back with a renewed cookie.
            options.Events.OnValidatePrincipal = context => Path.HasExtension(context.HttpContext.Request.Path.Value)
                ? Task.CompletedTask
                : SecurityStampValidator.ValidatePrincipalAsync(context);
            // A member still on an initial password holds no permission yet: send them to change it, not to "no access".
            options.Events.OnRedirectToAccessDenied = context =>
            {
                var target = context.HttpContext.User.HasClaim(c => c.Type == PortalClaims.MustChangePassword)
                    ? "/account/password"
                    : context.RedirectUri;
                context.Response.Redirect(target);
                return Task.CompletedTask;
            };
        });

        // Every request re-reads the user's roles, so a role change applies to their next request; a changed
        // security stamp (password changed, account disabled) signs them out.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        // Every endpoint needs a signed-in user unless it says otherwise (sign-in page, static files), and each
        // permission is a policy: custom roles grant permissions, so pages ask for a permission, never a role name.
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var permission in Permissions.All)
            authorization.AddPolicy(permission.Name, policy => policy.RequireClaim(PortalClaims.Permission, permission.Name));

        // UseSecurityHeaders sends X-Frame-Options: DENY on every response; antiforgery's SAMEORIGIN would contradict it.
        services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);

        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, PermissionRevalidatingStateProvider>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<ClientAddress>();
        return services;
    }

    /// <summary>An admin console is never framed by another site, never sniffed, and never leaks its URLs as referrers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(next => context =>
        {
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            return next(context);
        });

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
