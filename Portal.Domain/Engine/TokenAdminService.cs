using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Domain.Access;
using Portal.Domain.Audit;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using static Portal.Domain.Access.AccessRules;

namespace Portal.Domain.Engine;

/// <summary>What a portal revocation takes: one grant, a client's tokens, a resource owner's, or everything issued before a time.</summary>
public enum RevocationScope
{
    Grant,
    Client,
    Owner,
    IssuedBefore,
}

/// <summary>
/// A revocation asked for on the Tokens page. <see cref="ClientId"/> names the client (Client; optional for
/// IssuedBefore, which otherwise cuts off the whole provider), <see cref="Owner"/> the resource owner,
/// <see cref="Before"/> the cut-off time.
/// </summary>
public sealed record RevocationRequest(RevocationScope Scope, Guid? GrantId = null, string? ClientId = null, string? Owner = null, DateTimeOffset? Before = null);

/// <summary>What a revocation would take, shown before it is confirmed; <see cref="Confirmation"/> is what must be typed.</summary>
/// <param name="AccessTokens">Access tokens (of grants and client credentials) that may still be live: an upper bound, counted since the engine started.</param>
public sealed record RevocationPreview(string Description, int Grants, int AccessTokens, string? Confirmation, bool Enforced);

/// <summary>A live grant as the Tokens page lists it.</summary>
public sealed record GrantRow(Grant Grant, string ClientName);

public sealed record GrantPage(IReadOnlyList<GrantRow> Items, int Total);

/// <summary>What the Tokens page shows around its table: the provider, its applications, and whether revocations are enforced now.</summary>
public sealed record TokensOverview(OAuthProvider Provider, IReadOnlyList<ClientSnapshot> Clients, bool Enforced);

/// <summary>Commits the portal's revocations (revoked grants, a cut-off) with the audit records pending in the same scope, in one transaction.</summary>
public interface ITokenAdminStore
{
    Task SaveAsync(IReadOnlyCollection<Guid> revokedGrants, long revokedAt, TokenCutoff? cutoff, CancellationToken ct = default);
}

/// <summary>
/// The Tokens page: Tokens:View searches the live grants; Tokens:Revoke revokes one grant, everything of a client or a
/// resource owner, or everything issued before a time. Each bulk revocation is previewed, confirmed by typing what it
/// names, committed with its audit record, and in force on the next request.
/// </summary>
public sealed class TokenAdminService(
    IGrantStore grants,
    TokenCutoffs cutoffs,
    IssuedTokenCounter issued,
    ClientRegistry clients,
    IProviderStore providers,
    TokenPolicySnapshots policies,
    ITokenAdminStore store,
    IAuditTrail audit,
    TimeProvider time)
{
    public async Task<Result<TokensOverview>> OverviewAsync(Actor actor, Guid providerId, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.TokensView) is { } denied)
            return Result<TokensOverview>.From(denied);
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result<TokensOverview>.From(Result.NotFound("This provider does not exist."));
        return Result<TokensOverview>.Ok(new TokensOverview(provider, [.. clients.OfProvider(providerId).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)],
            Enforced(providerId)), "");
    }

    /// <summary>
    /// Revocations made here are enforced while token management is on, Native or External (under External on top of
    /// the service's answers); they are kept while it is off (spec §6.5).
    /// </summary>
    private bool Enforced(Guid providerId) => policies.Find(providerId) is { Enabled: true };

    public async Task<Result<GrantPage>> SearchAsync(
        Actor actor, Guid providerId, string? client, string? owner, int page, int pageSize, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.TokensView) is { } denied)
            return Result<GrantPage>.From(denied);
        if (await providers.FindAsync(providerId, ct) is null)
            return Result<GrantPage>.From(Result.NotFound("This provider does not exist."));
        var names = clients.OfProvider(providerId).ToDictionary(c => c.ClientId, c => c.Name, StringComparer.Ordinal);
        var matches = grants.Live(cutoffs, providerId, Now)
            .Where(g => string.IsNullOrWhiteSpace(client) || g.ClientId.Contains(client.Trim(), StringComparison.OrdinalIgnoreCase)
                || names.GetValueOrDefault(g.ClientId, "").Contains(client.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(g => string.IsNullOrWhiteSpace(owner) || (g.Owner ?? "").Contains(owner.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(g => g.LastIssuedAt).ThenBy(g => g.Id)
            .ToList();
        var items = matches.Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .Select(g => new GrantRow(g, names.GetValueOrDefault(g.ClientId, "(deleted application)"))).ToList();
        return Result<GrantPage>.Ok(new GrantPage(items, matches.Count), "");
    }

    /// <summary>What <paramref name="request"/> would revoke, and what must be typed to confirm it.</summary>
    public async Task<Result<RevocationPreview>> PreviewAsync(Actor actor, Guid providerId, RevocationRequest request, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.TokensRevoke) is { } denied)
            return Result<RevocationPreview>.From(denied);
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result<RevocationPreview>.From(Result.NotFound("This provider no longer exists."));
        var (plan, invalid) = Plan(provider, request);
        return invalid is null ? Result<RevocationPreview>.Ok(plan!.Preview, "") : Result<RevocationPreview>.From(invalid);
    }

    /// <summary>Revokes what <paramref name="request"/> names once <paramref name="confirmation"/> matches the preview's.</summary>
    public async Task<Result> RevokeAsync(Actor actor, Guid providerId, RevocationRequest request, string? confirmation, CancellationToken ct = default)
    {
        if (EnsureHas(actor, Permissions.TokensRevoke) is { } denied)
            return denied;
        if (await providers.FindAsync(providerId, ct) is not { } provider)
            return Result.NotFound("This provider no longer exists.");
        var (plan, invalid) = Plan(provider, request);
        if (invalid is not null)
            return invalid;
        if (plan!.Preview.Confirmation is { } expected && !string.Equals(confirmation?.Trim(), expected, StringComparison.Ordinal))
            return Result.Invalid([new FieldError("Confirmation", $"Type {expected} to confirm.")]);

        var now = Now;
        var after = new JsonObject
        {
            ["What"] = plan.Preview.Description,
            ["Grants revoked"] = plan.Grants.Count,
            ["Access tokens (upper bound)"] = plan.Preview.AccessTokens,
        };
        if (plan.Cutoff is { } cut)
            after["Not before"] = DateTimeOffset.FromUnixTimeSeconds(cut.NotBefore).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        audit.Record(actor, AuditActions.Revoked, plan.Subject, null, new AuditState(after, AuditState.NoSecrets));
        await store.SaveAsync(plan.Grants, now, plan.Cutoff, ct);
        // Committed: now in force for the next request.
        grants.Revoked(plan.Grants, now);
        if (plan.Cutoff is { } cutoff)
            cutoffs.Set(cutoff.ProviderId, cutoff.ClientId.Length == 0 ? null : cutoff.ClientId, cutoff.NotBefore);
        return Result.Ok($"Revoked: {plan.Preview.Description}.");
    }

    private sealed record RevocationPlan(RevocationPreview Preview, IReadOnlyCollection<Guid> Grants, TokenCutoff? Cutoff, AuditSubject Subject);

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    private (RevocationPlan? Plan, Result? Invalid) Plan(OAuthProvider provider, RevocationRequest request)
    {
        var now = Now;
        var enforced = Enforced(provider.Id);
        var live = grants.OfProvider(provider.Id).Where(g => g.IsLive(now)).ToList();
        var subject = new AuditSubject(AuditEntityTypes.Tokens, provider.Id.ToString(), provider.Name);
        switch (request.Scope)
        {
            case RevocationScope.Grant:
                if (live.FirstOrDefault(g => g.Id == request.GrantId) is not { } grant)
                    return (null, Result.NotFound("This grant has expired or was revoked already."));
                var who = grant.Owner is null ? $"client {grant.ClientId}" : $"{grant.Owner} with client {grant.ClientId}";
                return (new RevocationPlan(new RevocationPreview($"the grant of {who}", 1, 0, null, enforced), [grant.Id], null, subject), null);

            case RevocationScope.Client:
                if (ClientOf(provider, request.ClientId) is not { } client)
                    return (null, Result.Invalid([new FieldError("ClientId", "Choose an application of this provider.")]));
                var ofClient = live.Where(g => g.ClientId == client.ClientId).Select(g => g.Id).ToList();
                return (new RevocationPlan(
                    new RevocationPreview($"every token of '{client.Name}' ({client.ClientId})", ofClient.Count, issued.Live(client.ClientId, now), client.ClientId, enforced),
                    ofClient, new TokenCutoff(provider.Id, client.ClientId, now), subject with { Name = $"{provider.Name} / {client.Name}" }), null);

            case RevocationScope.Owner:
                if (string.IsNullOrWhiteSpace(request.Owner))
                    return (null, Result.Invalid([new FieldError("Owner", "Enter the resource owner's user name.")]));
                var owner = request.Owner.Trim();
                var ofOwner = live.Where(g => string.Equals(g.Owner, owner, StringComparison.OrdinalIgnoreCase)).ToList();
                var name = ofOwner.FirstOrDefault()?.Owner ?? owner;
                return (new RevocationPlan(new RevocationPreview($"every grant of resource owner '{name}'", ofOwner.Count, 0, name, enforced),
                    [.. ofOwner.Select(g => g.Id)], null, subject with { Name = $"{provider.Name} / {name}" }), null);

            case RevocationScope.IssuedBefore:
                if (request.Before is not { } before || before.ToUnixTimeSeconds() > now)
                    return (null, Result.Invalid([new FieldError("Before", "Choose a time in the past, or now.")]));
                var at = before.ToUnixTimeSeconds();
                ClientSnapshot? only = null;
                if (!string.IsNullOrEmpty(request.ClientId) && (only = ClientOf(provider, request.ClientId)) is null)
                    return (null, Result.Invalid([new FieldError("ClientId", "Choose an application of this provider.")]));
                var emptied = live.Where(g => g.LastIssuedAt <= at && (only is null || g.ClientId == only.ClientId)).Select(g => g.Id).ToList();
                var tokens = (only is null ? clients.OfProvider(provider.Id).ToList() : [only]).Sum(c => issued.Live(c.ClientId, at));
                var stamp = before.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
                return (new RevocationPlan(
                    new RevocationPreview(only is null ? $"every token of this provider issued at or before {stamp}" : $"every token of '{only.Name}' issued at or before {stamp}",
                        emptied.Count, tokens, only?.ClientId ?? provider.Name, enforced),
                    emptied, new TokenCutoff(provider.Id, only?.ClientId ?? "", at), only is null ? subject : subject with { Name = $"{provider.Name} / {only.Name}" }), null);

            default:
                return (null, Result.Invalid([new FieldError("Scope", "Choose what to revoke.")]));
        }
    }

    private ClientSnapshot? ClientOf(OAuthProvider provider, string? clientId) =>
        clientId is null ? null : clients.Find(clientId) is { } client && client.ProviderId == provider.Id ? client : null;
}
