using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Engine;
using Portal.OAuth;

namespace Portal.Tests.OAuth;

/// <summary>Revocations survive a restart, none is lost under load, and expired ones are pruned; expired tokens are inactive.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly EngineApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ARevocation_IsStillInForce_AfterARestartOnTheSameFile()
    {
        var (id, name) = await _app.ProviderAsync("Durable");
        var client = await _app.ClientAsync(id);
        var revoked = await _app.TokenAsync(name, client);
        var kept = await _app.TokenAsync(name, client);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync($"/{name}/oauth2/revoke", client, ("token", revoked))).StatusCode);

        using var restarted = new EngineApp(_app.DatabasePath); // its clock starts a moment later: both tokens are unexpired

        Assert.False((await restarted.IntrospectAsync(name, client, revoked)).GetProperty("active").GetBoolean());
        Assert.True((await restarted.IntrospectAsync(name, client, kept)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task TwoThousandConcurrentRevocations_LoseNone_AndOneTokenRevokedAHundredTimesAtOnce_AlwaysAnswers200()
    {
        var (id, name) = await _app.ProviderAsync("Concurrent");
        var client = await _app.ClientAsync(id);
        var tokens = await Task.WhenAll(Enumerable.Range(0, 2000).Select(_ => _app.TokenAsync(name, client)));

        var answers = await Task.WhenAll(tokens.Select(t => _app.PostAsync($"/{name}/oauth2/revoke", client, ("token", t))));
        var same = await _app.TokenAsync(name, client);
        var sameAnswers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _app.PostAsync($"/{name}/oauth2/revoke", client, ("token", same))));

        Assert.All(answers.Concat(sameAnswers), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var active = await Task.WhenAll(tokens.Append(same).Select(async t => (await _app.IntrospectAsync(name, client, t)).GetProperty("active").GetBoolean()));
        Assert.DoesNotContain(true, active);
        Assert.Equal(2001, _app.Services.GetRequiredService<IRevocationStore>().Count);
        await using var scope = _app.Services.CreateAsyncScope();
        var stored = scope.ServiceProvider.GetRequiredService<Portal.Data.PortalDbContext>().Set<Revocation>().Count();
        Assert.Equal(2001, stored);
    }

    [Fact]
    public async Task AnExpiredToken_IsInactive_AndItsRevocationIsPruned()
    {
        var (id, name) = await _app.ProviderAsync("Expiry");
        var client = await _app.ClientAsync(id);
        var token = await _app.TokenAsync(name, client);
        await _app.PostAsync($"/{name}/oauth2/revoke", client, ("token", token));
        var store = _app.Services.GetRequiredService<DurableRevocationStore>();
        Assert.Equal(1, store.Count);

        _app.Clock.Advance(TimeSpan.FromSeconds(599));
        var beforeExpiry = await _app.IntrospectAsync(name, client, await _app.TokenAsync(name, client));
        _app.Clock.Advance(TimeSpan.FromSeconds(2)); // the background pruning may run now too; either way it is gone
        await store.PruneAsync();

        Assert.True(beforeExpiry.GetProperty("active").GetBoolean());
        Assert.Equal("{\"active\":false}", (await _app.IntrospectAsync(name, client, token)).GetRawText());
        Assert.Equal(0, store.Count);
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.Equal(0, scope.ServiceProvider.GetRequiredService<Portal.Data.PortalDbContext>().Set<Revocation>().Count());
    }
}
