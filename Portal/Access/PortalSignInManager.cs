using System.Net.Mail;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Audit;
using Portal.Data;
using Portal.Domain.Access;
using Portal.Domain.Audit;

namespace Portal.Access;

/// <summary>Identity's sign-in manager, plus: a disabled member may not sign in, and every password sign-in is audited.</summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    EfAuditTrail audit,
    TimeProvider time)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        user.IsEnabled && await base.CanSignInAsync(user);

    /// <summary>Signs in by e-mail and password, and records the attempt: who, from where, and the outcome (never the password).</summary>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        var result = user is null ? SignInResult.Failed : await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        var ip = Context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (user is null)
        {
            // Only something shaped like an address is kept or logged: people type passwords into the wrong field.
            // Nobody is signed in: the actor is "anonymous", and what was typed is only the subject (never an actor).
            var attempted = userName.Length <= 256 && MailAddress.TryCreate(userName, out var address) && address.Address == userName
                ? userName
                : "(not an e-mail address)";
            Logger.LogInformation("Failed sign-in for {Email} from {ClientIp}: no such member", attempted, ip);
            var anonymous = new Actor(AuditEntry.Anonymous, AuditEntry.Anonymous, new HashSet<string>(), false) { ClientIp = ip };
            await audit.WriteAsync(anonymous, AuditActions.SignInFailed,
                new AuditSubject(AuditEntityTypes.Member, "", attempted), null, Outcome("No such member"));
            return result;
        }

        var actor = new Actor(user.Id, user.Email ?? "", new HashSet<string>(), false) { ClientIp = ip };
        var subject = new AuditSubject(AuditEntityTypes.Member, user.Id, user.Email ?? "");
        if (result.Succeeded)
        {
            // The record and the member's last sign-in time are one save; should the row have changed meanwhile (another
            // sign-in), the time is skipped but the sign-in is still recorded.
            audit.Record(actor, AuditActions.SignInSucceeded, subject, null, Outcome("Signed in"));
            user.LastSignInAtUtc = time.GetUtcNow().UtcDateTime;
            if (!(await UserManager.UpdateAsync(user)).Succeeded)
            {
                audit.Discard();
                await audit.WriteAsync(actor, AuditActions.SignInSucceeded, subject, null, Outcome("Signed in"));
            }
            return result;
        }
        var why = result.IsLockedOut ? "Locked out" : result.IsNotAllowed ? "Account disabled" : "Wrong password";
        Logger.LogInformation("Failed sign-in for {Email} from {ClientIp}: {Outcome}", user.Email, ip, why);
        await audit.WriteAsync(actor, AuditActions.SignInFailed, subject, null, Outcome(why));
        return result;
    }

    private static AuditState Outcome(string outcome) => AuditState.Of(new { Outcome = outcome }, []);
}
