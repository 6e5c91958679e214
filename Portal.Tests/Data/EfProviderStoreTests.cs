using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Providers;
using Portal.Tests.Http;
using Portal.Tests.TestData;

namespace Portal.Tests.Data;

/// <summary>The provider store and service on the app's real SQLite file; each scope is its own DbContext, like two editors.</summary>
public sealed class EfProviderStoreTests(PortalFactory app) : IClassFixture<PortalFactory>
{
    private AsyncServiceScope Scope() => app.Services.CreateAsyncScope();

    private async Task<Guid> CreateAsync(ProviderInput input)
    {
        await using var scope = Scope();
        var result = await scope.ServiceProvider.GetRequiredService<ProviderService>().CreateAsync(Actors.Owner, input);
        Assert.True(result.IsSuccess, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value;
    }

    [Fact]
    public async Task Save_RoundTripsEverySetting()
    {
        var input = Build.Provider("Round Trip");
        input.RefreshTokensEnabled = true;
        input.RefreshTokenCount = 7;
        input.PkceRequired = true;
        input.GatewayType = GatewayType.V5Compatible;
        input.ClientTypes = ClientTypes.Confidential | ClientTypes.Public;
        var id = await CreateAsync(input);

        await using var scope = Scope();
        var saved = await scope.ServiceProvider.GetRequiredService<IProviderStore>().FindAsync(id);

        Assert.NotNull(saved);
        var back = saved.ToInput();
        Assert.Equal(GatewayType.V5Compatible, back.GatewayType);
        Assert.Equal(ClientTypes.Confidential | ClientTypes.Public, back.ClientTypes);
        Assert.Equal(GrantTypes.AccessCode | GrantTypes.Application, back.GrantTypes);
        Assert.Equal(7, back.RefreshTokenCount);
        Assert.True(back.PkceRequired);
        Assert.Equal([("orders:read", "Read orders"), ("orders:write", "Place orders")], back.Scopes.Select(s => (s.Name, s.Description)));
    }

    [Fact]
    public async Task Update_SomeoneSavedBetweenReadAndWrite_IsAConflictAndKeepsTheirValues()
    {
        var id = await CreateAsync(Build.Provider("Race"));
        await using var slow = Scope();
        var slowService = slow.ServiceProvider.GetRequiredService<ProviderService>();
        var slowInput = (await slowService.FindAsync(Actors.Owner, id)).Value!.ToInput(); // the slow editor has read version 1

        await using (var fast = Scope())
        {
            var fastService = fast.ServiceProvider.GetRequiredService<ProviderService>();
            var fastInput = (await fastService.FindAsync(Actors.Owner, id)).Value!.ToInput();
            fastInput.AccessTokenTtl = 900;
            Assert.True((await fastService.UpdateAsync(Actors.Owner, fastInput)).IsSuccess);
        }

        // The slow editor's context still holds version 1, so only the database's concurrency check can catch this.
        slowInput.AccessTokenTtl = 60;
        var result = await slowService.UpdateAsync(Actors.Owner, slowInput);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        await using var check = Scope();
        var stored = await check.ServiceProvider.GetRequiredService<IProviderStore>().FindAsync(id);
        Assert.Equal(900, stored!.AccessTokenTtl);
    }

    [Fact]
    public async Task Create_SameNameInTwoContexts_SecondIsRefusedByTheUniqueIndex()
    {
        await using var first = Scope();
        await using var second = Scope();
        var firstStore = first.ServiceProvider.GetRequiredService<IProviderStore>();
        var secondStore = second.ServiceProvider.GetRequiredService<IProviderStore>();

        firstStore.Add(OAuthProvider.Create(Build.Provider("Twin"), DateTime.UtcNow));
        secondStore.Add(OAuthProvider.Create(Build.Provider("Twin"), DateTime.UtcNow));

        Assert.Equal(SaveOutcome.Saved, await firstStore.SaveChangesAsync());
        Assert.Equal(SaveOutcome.DuplicateKey, await secondStore.SaveChangesAsync());
    }

    [Fact]
    public async Task Search_FiltersSortsAndPagesOnTheServer()
    {
        foreach (var title in new[] { "zeta paging", "Alpha paging", "beta paging", "Gamma paging", "delta paging" })
            await CreateAsync(Build.Provider(title));
        await using var scope = Scope();
        var store = scope.ServiceProvider.GetRequiredService<IProviderStore>();

        var firstPage = await store.SearchAsync(new ProviderQuery("PAGING", ProviderSort.Title, Descending: false, Page: 0, PageSize: 2));
        var lastPage = await store.SearchAsync(new ProviderQuery("paging", ProviderSort.Title, Descending: false, Page: 2, PageSize: 2));
        var byNameDescending = await store.SearchAsync(new ProviderQuery("paging", ProviderSort.Name, Descending: true, PageSize: 10));

        Assert.Equal(5, firstPage.TotalCount);
        Assert.Equal(["Alpha paging", "beta paging"], firstPage.Items.Select(p => p.Title)); // case-insensitive order
        Assert.Equal(["zeta paging"], lastPage.Items.Select(p => p.Title));
        Assert.Equal("zeta-paging", byNameDescending.Items[0].Name);
    }

    [Fact]
    public async Task Search_WildcardCharacters_AreMatchedLiterally()
    {
        await CreateAsync(Build.Provider("Percent 100% sure"));
        await CreateAsync(Build.Provider("Percent 1000 sure"));
        await using var scope = Scope();
        var store = scope.ServiceProvider.GetRequiredService<IProviderStore>();

        var page = await store.SearchAsync(new ProviderQuery("100%"));

        Assert.Equal(["Percent 100% sure"], page.Items.Select(p => p.Title));
    }

    [Fact]
    public async Task Delete_RemovesTheRow()
    {
        var id = await CreateAsync(Build.Provider("Short Lived"));
        await using (var scope = Scope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ProviderService>().DeleteAsync(Actors.Owner, id)).IsSuccess);

        await using var check = Scope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<IProviderStore>().FindAsync(id));
    }
}
