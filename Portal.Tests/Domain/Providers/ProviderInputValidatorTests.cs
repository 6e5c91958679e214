using Portal.Domain.Providers;
using Portal.Tests.TestData;

namespace Portal.Tests.Domain.Providers;

public sealed class ProviderInputValidatorTests
{
    private readonly InMemoryProviderStore _store = new();
    private readonly ProviderInputValidator _validator;

    public ProviderInputValidatorTests() => _validator = new ProviderInputValidator(_store);

    private async Task<IReadOnlyList<string>> ErrorsFor(ProviderInput input, string property)
    {
        var result = await _validator.ValidateAsync(input);
        return [.. result.Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage)];
    }

    private async Task AssertValid(ProviderInput input)
    {
        var result = await _validator.ValidateAsync(input);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    [Fact]
    public async Task Validate_BuiltProvider_IsValid() => await AssertValid(Build.Provider());

    [Fact]
    public async Task Validate_DefaultsWithTitleNameAndScope_AreValid()
    {
        var input = new ProviderInput { Title = "T", Name = "t", Scopes = [new ScopeInput { Name = "read" }] };
        await AssertValid(input);
        Assert.Equal(3600, input.AccessTokenTtl);
        Assert.Equal(2_682_000, input.RefreshTokenTtl);
        Assert.Equal(300, input.AuthorizationCodeTtl);
        Assert.Equal(GrantTypes.AccessCode, input.GrantTypes);
        Assert.Equal(ClientTypes.Confidential, input.ClientTypes);
        Assert.True(input.PkceEnabled);
        Assert.False(input.RefreshTokensEnabled);
        Assert.False(input.IntrospectionEnabled);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Title_Empty_IsRefused(string title)
    {
        var input = Build.Provider();
        input.Title = title;
        Assert.Contains("Enter a title.", await ErrorsFor(input, "Title"));
    }

    [Fact]
    public async Task Title_128Characters_IsAccepted_129_IsRefused()
    {
        var input = Build.Provider(name: "x");
        input.Title = new string('a', 128);
        Assert.Empty(await ErrorsFor(input, "Title"));
        input.Title = new string('a', 129);
        Assert.Single(await ErrorsFor(input, "Title"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("orders-api")]
    [InlineData("v2-api-2024")]
    public async Task Name_Slug_IsAccepted(string name)
    {
        var input = Build.Provider(name: name);
        Assert.Empty(await ErrorsFor(input, "Name"));
    }

    [Theory]
    [InlineData("", "Enter a name.")]
    [InlineData("my provider", "Use lower-case")]
    [InlineData("MyProvider", "Use lower-case")]
    [InlineData("orders/api", "Use lower-case")]
    [InlineData("-orders", "Use lower-case")]
    [InlineData("orders_api", "Use lower-case")]
    [InlineData("ordérs", "Use lower-case")]
    public async Task Name_NotASlug_IsRefused(string name, string message)
    {
        var input = Build.Provider(name: name);
        var errors = await ErrorsFor(input, "Name");
        Assert.Single(errors);
        Assert.StartsWith(message, errors[0]);
    }

    [Fact]
    public async Task Name_64Characters_IsAccepted_65_IsRefused()
    {
        Assert.Empty(await ErrorsFor(Build.Provider(name: new string('a', 64)), "Name"));
        Assert.Single(await ErrorsFor(Build.Provider(name: new string('a', 65)), "Name"));
    }

    [Fact]
    public async Task Name_UsedByAnotherProvider_IsRefused_ButNotByItself()
    {
        var existing = OAuthProvider.Create(Build.Provider(name: "orders"), DateTime.UtcNow);
        _store.Add(existing);
        await _store.SaveChangesAsync();

        Assert.Equal(["Another provider already uses the name 'orders'."], await ErrorsFor(Build.Provider(name: "orders"), "Name"));

        var same = existing.ToInput();
        Assert.Empty(await ErrorsFor(same, "Name"));
    }

    [Fact]
    public async Task Description_1024Characters_IsAccepted_1025_IsRefused()
    {
        var input = Build.Provider();
        input.Description = new string('d', 1024);
        Assert.Empty(await ErrorsFor(input, "Description"));
        input.Description = new string('d', 1025);
        Assert.Single(await ErrorsFor(input, "Description"));
    }

    [Fact]
    public async Task GrantTypes_None_IsRefused()
    {
        var input = Build.Provider();
        input.GrantTypes = GrantTypes.None;
        Assert.Equal(["Allow at least one grant type."], await ErrorsFor(input, "GrantTypes"));
        input.GrantTypes = GrantTypes.Password;
        Assert.Empty(await ErrorsFor(input, "GrantTypes"));
    }

    [Fact]
    public async Task GrantTypes_UnknownBit_IsRefused()
    {
        var input = Build.Provider();
        input.GrantTypes = (GrantTypes)64;
        Assert.Equal(["Unknown grant type."], await ErrorsFor(input, "GrantTypes"));
    }

    [Fact]
    public async Task GrantTypes_JwtBearer_IsRefusedForV5Compatible_AndAcceptedForApiGateway()
    {
        var input = Build.Provider();
        input.GrantTypes = GrantTypes.JwtBearer;
        Assert.Empty(await ErrorsFor(input, "GrantTypes"));
        input.GatewayType = GatewayType.V5Compatible;
        Assert.Single(await ErrorsFor(input, "GrantTypes"));
    }

    [Fact]
    public async Task ClientTypes_None_IsRefused()
    {
        var input = Build.Provider();
        input.ClientTypes = ClientTypes.None;
        Assert.Equal(["Allow at least one client type."], await ErrorsFor(input, "ClientTypes"));
        input.ClientTypes = ClientTypes.Public;
        Assert.Empty(await ErrorsFor(input, "ClientTypes"));
    }

    [Fact]
    public async Task Scopes_Empty_IsRefused()
    {
        var input = Build.Provider();
        input.Scopes.Clear();
        Assert.Equal(["Add at least one scope."], await ErrorsFor(input, "Scopes"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("quote\"d")]
    [InlineData("back\\slash")]
    [InlineData("é")]
    public async Task ScopeName_NotAScopeToken_IsRefused(string name)
    {
        var input = Build.Provider();
        input.Scopes[1].Name = name;
        Assert.Single(await ErrorsFor(input, "Scopes[1].Name"));
    }

    [Theory]
    [InlineData("!")]
    [InlineData("~")]
    [InlineData("https://api.example.com/orders.read")]
    public async Task ScopeName_ScopeToken_IsAccepted(string name)
    {
        var input = Build.Provider();
        input.Scopes[1].Name = name;
        Assert.Empty(await ErrorsFor(input, "Scopes[1].Name"));
    }

    [Fact]
    public async Task ScopeName_128Characters_IsAccepted_129_IsRefused()
    {
        var input = Build.Provider();
        input.Scopes[0].Name = new string('s', 128);
        Assert.Empty(await ErrorsFor(input, "Scopes[0].Name"));
        input.Scopes[0].Name = new string('s', 129);
        Assert.Single(await ErrorsFor(input, "Scopes[0].Name"));
    }

    [Fact]
    public async Task ScopeName_Duplicate_IsRefusedOnTheSecond_CaseSensitive()
    {
        var input = Build.Provider();
        input.Scopes[1].Name = "orders:read";
        Assert.Empty(await ErrorsFor(input, "Scopes[0].Name"));
        Assert.Equal(["The scope 'orders:read' is listed more than once."], await ErrorsFor(input, "Scopes[1].Name"));

        input.Scopes[1].Name = "Orders:Read";
        Assert.Empty(await ErrorsFor(input, "Scopes[1].Name"));
    }

    [Fact]
    public async Task ScopeDescription_256Characters_IsAccepted_257_IsRefused()
    {
        var input = Build.Provider();
        input.Scopes[0].Description = new string('d', 256);
        Assert.Empty(await ErrorsFor(input, "Scopes[0].Description"));
        input.Scopes[0].Description = new string('d', 257);
        Assert.Single(await ErrorsFor(input, "Scopes[0].Description"));
    }

    [Fact]
    public async Task Scopes_MoreThan100_IsRefused()
    {
        var input = Build.Provider();
        input.Scopes = [.. Enumerable.Range(0, 100).Select(i => new ScopeInput { Name = $"s{i}" })];
        Assert.Empty(await ErrorsFor(input, "Scopes"));
        input.Scopes.Add(new ScopeInput { Name = "one-more" });
        Assert.Single(await ErrorsFor(input, "Scopes"));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(31_536_000, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(31_536_001, false)]
    public async Task AccessTokenTtl_BetweenOneSecondAndOneYear(int ttl, bool valid)
    {
        var input = Build.Provider();
        input.AccessTokenTtl = ttl;
        Assert.Equal(valid, (await ErrorsFor(input, "AccessTokenTtl")).Count == 0);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(4096, true)]
    [InlineData(0, false)]
    [InlineData(-5, false)]
    [InlineData(4097, false)]
    public async Task RefreshTokenCount_WhenEnabled_Between1And4096(int count, bool valid)
    {
        var input = Build.Provider();
        input.RefreshTokensEnabled = true;
        input.RefreshTokenCount = count;
        Assert.Equal(valid, (await ErrorsFor(input, "RefreshTokenCount")).Count == 0);
    }

    [Fact]
    public async Task RefreshSettings_WhenDisabled_AreNotChecked()
    {
        var input = Build.Provider();
        input.RefreshTokensEnabled = false;
        input.RefreshTokenCount = 0;
        input.RefreshTokenTtl = 1;
        await AssertValid(input);
    }

    [Theory]
    [InlineData(3601, true)]
    [InlineData(31_536_000, true)]
    [InlineData(3600, false)]
    [InlineData(10, false)]
    [InlineData(0, false)]
    [InlineData(31_536_001, false)]
    public async Task RefreshTokenTtl_WhenEnabled_AboveAccessTtlAndAtMostOneYear(int ttl, bool valid)
    {
        var input = Build.Provider();
        input.AccessTokenTtl = 3600;
        input.RefreshTokensEnabled = true;
        input.RefreshTokenTtl = ttl;
        Assert.Equal(valid, (await ErrorsFor(input, "RefreshTokenTtl")).Count == 0);
    }

    [Theory]
    [InlineData(true, 7200, true)]
    [InlineData(true, 7199, false)]
    [InlineData(false, 3600, true)]
    [InlineData(false, 3599, false)]
    [InlineData(false, 0, false)]
    public async Task MaxConsentTtl_WhenEnabled_LastsAtLeastARefreshToken_OrWithoutRefresh_AnAccessToken(bool refresh, int ttl, bool valid)
    {
        var input = Build.Provider();
        input.AccessTokenTtl = 3600;
        input.RefreshTokensEnabled = refresh;
        input.RefreshTokenTtl = 7200;
        input.MaxConsentEnabled = true;
        input.MaxConsentTtl = ttl;
        Assert.Equal(valid, (await ErrorsFor(input, "MaxConsentTtl")).Count == 0);
    }

    [Fact]
    public async Task MaxConsent_WhenDisabled_IsNotChecked_AndNotKept()
    {
        var input = Build.Provider();
        input.MaxConsentEnabled = false;
        input.MaxConsentTtl = -5;
        await AssertValid(input);
        Assert.Equal(0, OAuthProvider.Create(input, DateTime.UtcNow).MaxConsentTtl);
    }

    [Fact]
    public async Task RefreshTokenTtl_NotAboveAccessTtl_SaysWhy()
    {
        var input = Build.Provider();
        input.RefreshTokensEnabled = true;
        input.RefreshTokenTtl = 3600;
        Assert.Equal(["A refresh token must live longer than the access token (3600 s)."], await ErrorsFor(input, "RefreshTokenTtl"));
    }

    [Fact]
    public async Task Pkce_RequiredOrPlainWithoutPkce_IsRefused()
    {
        var input = Build.Provider();
        input.PkceEnabled = false;
        input.PkceRequired = true;
        input.PkceAllowPlain = true;
        Assert.Single(await ErrorsFor(input, "PkceRequired"));
        Assert.Single(await ErrorsFor(input, "PkceAllowPlain"));

        input.PkceEnabled = true;
        await AssertValid(input);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(600, true)]
    [InlineData(0, false)]
    [InlineData(601, false)]
    public async Task AuthorizationCodeTtl_Between1And600(int ttl, bool valid)
    {
        var input = Build.Provider();
        input.AuthorizationCodeTtl = ttl;
        Assert.Equal(valid, (await ErrorsFor(input, "AuthorizationCodeTtl")).Count == 0);
    }

    [Fact]
    public async Task GatewayType_OutOfRange_IsRefused()
    {
        var input = Build.Provider();
        input.GatewayType = (GatewayType)7;
        Assert.Single(await ErrorsFor(input, "GatewayType"));
    }

    [Fact]
    public async Task NullsFromAnotherWriter_AreFieldMessages_NotCrashes()
    {
        var input = Build.Provider();
        input.Title = null!;
        input.Name = null!;
        input.Description = null!;
        input.Scopes[0].Name = null!;
        input.Scopes[1].Description = null!;

        var result = await _validator.ValidateAsync(input);

        Assert.Equal(["Description", "Name", "Scopes[0].Name", "Scopes[1].Description", "Title"],
            result.Errors.Select(e => e.PropertyName).Distinct().Order());
    }

    [Fact]
    public async Task NullScopeList_OrNullScope_IsRefused()
    {
        var input = Build.Provider();
        input.Scopes = null!;
        Assert.Equal(["Add at least one scope."], await ErrorsFor(input, "Scopes"));

        input.Scopes = [null!];
        Assert.Equal(["A scope is missing."], await ErrorsFor(input, "Scopes[0]"));
    }
}
