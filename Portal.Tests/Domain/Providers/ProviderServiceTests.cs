using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Clients;
using Portal.Domain.Common;
using Portal.Domain.Engine;
using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.TestData;

namespace Portal.Tests.Domain.Providers;

public sealed class ProviderServiceTests
{
    private readonly InMemoryProviderStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly ProviderService _service;

    private readonly TokenPolicySnapshots _snapshots = new();
    private readonly RecordingAuditTrail _audit = new();

    public ProviderServiceTests() => _service = new ProviderService(_store, new ProviderInputValidator(_store), _snapshots, new ClientRegistry(), new ProviderSnapshots(), _audit, _time);

    [Fact]
    public async Task CreateAsync_ValidInput_SavesWithNewIdAndVersion()
    {
        var result = await _service.CreateAsync(Actors.Owner, Build.Provider());

        Assert.True(result.IsSuccess);
        var saved = Assert.Single(_store.Saved);
        Assert.Equal(result.Value, saved.Id);
        Assert.NotEqual(Guid.Empty, saved.Version);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, saved.CreatedAtUtc);
        Assert.Equal(["orders:read", "orders:write"], saved.Scopes.Select(s => s.Name));
    }

    [Fact]
    public async Task CreateAsync_InvalidInput_SavesNothingAndNamesTheFields()
    {
        var input = Build.Provider();
        input.Title = "";
        input.AccessTokenTtl = 0;

        var result = await _service.CreateAsync(Actors.Owner, input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == "Title");
        Assert.Contains(result.Errors, e => e.Field == "AccessTokenTtl");
        Assert.Equal(0, _store.SaveCount);
        Assert.Empty(_store.Saved);
    }

    public static TheoryData<string, Action<ProviderInput>> InvalidInputs => new()
    {
        { "Title", p => p.Title = "" },
        { "Title", p => p.Title = new string('t', 129) },
        { "Name", p => p.Name = "has space" },
        { "Name", p => p.Name = "UpperCase" },
        { "Name", p => p.Name = "with/slash" },
        { "AccessTokenTtl", p => p.AccessTokenTtl = 0 },
        { "AccessTokenTtl", p => p.AccessTokenTtl = -60 },
        { "AccessTokenTtl", p => p.AccessTokenTtl = 31_536_001 },
        { "RefreshTokenCount", p => { p.RefreshTokensEnabled = true; p.RefreshTokenCount = 0; } },
        { "RefreshTokenTtl", p => { p.RefreshTokensEnabled = true; p.RefreshTokenTtl = p.AccessTokenTtl; } },
        { "Scopes[0].Name", p => p.Scopes[0].Name = "" },
        { "Scopes[1].Name", p => p.Scopes[1].Name = p.Scopes[0].Name },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task CreateAndUpdate_InvalidInput_NameTheFieldAndSaveNothing(string field, Action<ProviderInput> spoil)
    {
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider("Existing"))).Value;
        var saves = _store.SaveCount;
        var newInput = Build.Provider();
        spoil(newInput);
        var existing = (await _service.FindAsync(Actors.Owner, id)).Value!;
        var editInput = existing.ToInput();
        spoil(editInput);

        var created = await _service.CreateAsync(Actors.Owner, newInput);
        var updated = await _service.UpdateAsync(Actors.Owner, editInput);

        Assert.Contains(created.Errors, e => e.Field == field);
        Assert.Contains(updated.Errors, e => e.Field == field);
        Assert.Equal(saves, _store.SaveCount);
        Assert.Single(_store.Saved);
        Assert.Equal(Build.Provider("Existing").AccessTokenTtl, existing.AccessTokenTtl);
        Assert.Equal("Existing", existing.Title);
    }

    [Fact]
    public async Task CreateAsync_DuplicateName_IsRefusedOnTheNameField()
    {
        await _service.CreateAsync(Actors.Owner, Build.Provider("Orders"));

        var result = await _service.CreateAsync(Actors.Owner, Build.Provider("Orders"));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Name", Assert.Single(result.Errors).Field);
        Assert.Single(_store.Saved);
    }

    [Fact]
    public async Task UpdateAsync_RenameToAnotherProvidersName_IsRefusedAndChangesNothing()
    {
        await _service.CreateAsync(Actors.Owner, Build.Provider("Billing"));
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider("Orders"))).Value;
        var orders = (await _service.FindAsync(Actors.Owner, id)).Value!;
        var input = orders.ToInput();
        input.Name = "billing";

        var result = await _service.UpdateAsync(Actors.Owner, input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Another provider already uses the name 'billing'.", Assert.Single(result.Errors, e => e.Field == "Name").Message);
        Assert.Equal("orders", orders.Name);
    }

    [Fact]
    public async Task CreateAsync_NameTakenByConcurrentWriter_IsRefusedOnTheNameField()
    {
        _store.NextSaveOutcome = SaveOutcome.DuplicateKey;

        var result = await _service.CreateAsync(Actors.Owner, Build.Provider());

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Name", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public async Task UpdateAsync_CurrentVersion_AppliesAndStartsNewVersion()
    {
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider())).Value;
        var input = (await _service.FindAsync(Actors.Owner, id)).Value!.ToInput();
        var oldVersion = input.Version;
        input.AccessTokenTtl = 600;
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await _service.UpdateAsync(Actors.Owner, input);

        Assert.True(result.IsSuccess);
        var saved = Assert.Single(_store.Saved);
        Assert.Equal(600, saved.AccessTokenTtl);
        Assert.NotEqual(oldVersion, saved.Version);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, saved.UpdatedAtUtc);
    }

    [Fact]
    public async Task UpdateAsync_SecondEditorOfSameVersion_IsRefusedAndFirstEditIsKept()
    {
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider())).Value;
        var provider = (await _service.FindAsync(Actors.Owner, id)).Value!;
        var first = provider.ToInput();
        var second = provider.ToInput();

        first.AccessTokenTtl = 900;
        Assert.True((await _service.UpdateAsync(Actors.Owner, first)).IsSuccess);
        second.AccessTokenTtl = 60;
        second.Title = "Overwritten";
        var result = await _service.UpdateAsync(Actors.Owner, second);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Contains("Someone else changed this provider", result.Message);
        Assert.Equal(900, provider.AccessTokenTtl);
        Assert.Equal("Orders API", provider.Title);
    }

    [Fact]
    public async Task UpdateAsync_StoreReportsConflict_ReturnsConflict()
    {
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider())).Value;
        var input = (await _service.FindAsync(Actors.Owner, id)).Value!.ToInput();
        _store.NextSaveOutcome = SaveOutcome.Conflict;

        var result = await _service.UpdateAsync(Actors.Owner, input);

        Assert.Equal(ResultStatus.Conflict, result.Status);
    }

    [Fact]
    public async Task UpdateAsync_InvalidInput_ChangesNothing()
    {
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider())).Value;
        var provider = (await _service.FindAsync(Actors.Owner, id)).Value!;
        var input = provider.ToInput();
        input.AccessTokenTtl = -1;
        var saves = _store.SaveCount;

        var result = await _service.UpdateAsync(Actors.Owner, input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(3600, provider.AccessTokenTtl);
        Assert.Equal(saves, _store.SaveCount);
    }

    [Fact]
    public async Task UpdateAsync_NameChangeAfterTokensWereIssued_IsRefused()
    {
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider())).Value;
        var provider = (await _service.FindAsync(Actors.Owner, id)).Value!;
        provider.LockName(_time.GetUtcNow().UtcDateTime);
        var input = provider.ToInput();
        input.Name = "renamed";

        var result = await _service.UpdateAsync(Actors.Owner, input);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Name", Assert.Single(result.Errors).Field);
        Assert.Equal("orders-api", provider.Name);

        input.Name = "orders-api";
        input.Title = "Orders API v2";
        Assert.True((await _service.UpdateAsync(Actors.Owner, input)).IsSuccess);
    }

    [Fact]
    public async Task UpdateAsync_DeletedProvider_IsNotFound()
    {
        var input = Build.Provider();
        input.Id = Guid.NewGuid();
        Assert.Equal(ResultStatus.NotFound, (await _service.UpdateAsync(Actors.Owner, input)).Status);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheProvider_AndItsPublishedTokenManagement()
    {
        var id = (await _service.CreateAsync(Actors.Owner, Build.Provider())).Value;
        var settings = TokenManagementSettings.Default(id);
        settings.Apply(new TokenManagementInput { ProviderId = id, Enabled = true, ClientRevocation = true }, p => p, DateTime.UtcNow);
        _snapshots.Publish(TokenManagementPolicy.From(settings));

        var result = await _service.DeleteAsync(Actors.Owner, id);

        Assert.True(result.IsSuccess);
        Assert.Empty(_store.Saved);
        Assert.Null(_snapshots.Find(id));
        Assert.Equal(ResultStatus.NotFound, (await _service.DeleteAsync(Actors.Owner, id)).Status);
    }

    [Fact]
    public async Task SearchAsync_ClampsPaging()
    {
        await _service.SearchAsync(Actors.Owner, new ProviderQuery(Page: -3, PageSize: 100_000));
        Assert.Equal(new ProviderQuery(Page: 0, PageSize: ProviderQuery.MaxPageSize), _store.LastQuery);

        await _service.SearchAsync(Actors.Owner, new ProviderQuery(PageSize: 0));
        Assert.Equal(1, _store.LastQuery!.PageSize);
    }
}
