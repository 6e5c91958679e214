using Portal.Domain.Providers;
using Portal.Domain.TokenManagement;
using Portal.Tests.TestData;

namespace Portal.Tests.Domain.TokenManagement;

public sealed class TokenManagementInputValidatorTests
{
    private static readonly Guid KnownProfile = Guid.NewGuid();

    private static TokenManagementInputValidator Validator(bool allowInsecure = false) =>
        new(new TokenManagementRules { AllowInsecureExternalEndpoints = allowInsecure }, new KnownTlsProfiles(KnownProfile));

    private static TokenManagementInput External(Action<TokenManagementInput>? change = null)
    {
        var input = new TokenManagementInput
        {
            Enabled = true,
            Type = TokenManagementType.External,
            Endpoint = "https://tokens.example.com/check",
            Security = ExternalSecurity.BasicAuthentication,
            Username = "portal",
            PasswordChange = SecretChange.Replace,
            NewPassword = "s3cret",
        };
        change?.Invoke(input);
        return input;
    }

    private static async Task<IReadOnlyList<string>> ErrorsFor(TokenManagementInput input, string property, bool allowInsecure = false)
    {
        var result = await Validator(allowInsecure).ValidateAsync(input);
        return [.. result.Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage)];
    }

    [Fact]
    public async Task Defaults_AreValid_AndMatchTheSpec()
    {
        var input = new TokenManagementInput();
        Assert.True((await Validator().ValidateAsync(input)).IsValid);
        Assert.False(input.Enabled);
        Assert.Equal(TokenManagementType.Native, input.Type);
        Assert.Equal(900, input.CacheTtl);
        Assert.Equal(ExternalCacheType.None, input.CacheType);
        Assert.True(input.FailOnError);
        Assert.Equal(5000, input.TimeoutMs);
        Assert.Equal("Authorization", input.RequestHeaderName);
        Assert.Equal(("client_id", "client_secret"), (input.ClientIdField, input.ClientSecretField));
        Assert.Equal(ClientCredentialsLocation.AuthorizationHeader, input.ClientCredentialsLocation);
        Assert.Equal(TokenStoreKind.Database, input.TokenStore);
        Assert.True(input.MonitoringEnabled);
        Assert.Equal("authentication.subject.id", input.MonitoringClientAttribute);
        Assert.Equal(60, input.PurgeExpiredEverySeconds);
        Assert.Equal(60, input.PollIntervalSeconds);
    }

    [Fact]
    public async Task ValidExternal_IsValid() => Assert.True((await Validator().ValidateAsync(External())).IsValid);

    [Fact]
    public async Task Native_Enabled_NeedsAtLeastOnePath()
    {
        var input = new TokenManagementInput { Enabled = true, Type = TokenManagementType.Native };
        Assert.Single(await ErrorsFor(input, "ClientRevocation"));
        input.ResourceOwnerRevocation = true;
        Assert.Empty(await ErrorsFor(input, "ClientRevocation"));
        input.ResourceOwnerRevocation = false;
        input.ClientRevocation = true;
        Assert.Empty(await ErrorsFor(input, "ClientRevocation"));
        Assert.Empty(await ErrorsFor(new TokenManagementInput { Enabled = false }, "ClientRevocation"));
    }

    [Theory]
    [InlineData("https://tokens.example.com/check", false, true)]
    [InlineData("https://10.0.0.5:8443/", false, true)]
    [InlineData("http://tokens.example.com/check", false, false)]
    [InlineData("http://localhost:9000/check", true, true)]
    [InlineData("ftp://tokens.example.com/", true, false)]
    [InlineData("file:///etc/passwd", true, false)]
    [InlineData("https://user:pass@tokens.example.com/", false, false)]
    [InlineData("https://tokens.example.com/check#part", false, false)]
    [InlineData("/relative/path", false, false)]
    [InlineData("", false, false)]
    public async Task Endpoint_AbsoluteHttpsOnly_HttpOnlyWhenAllowed(string endpoint, bool allowInsecure, bool valid)
    {
        var errors = await ErrorsFor(External(i => i.Endpoint = endpoint), "Endpoint", allowInsecure);
        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public async Task Endpoint_Messages_SayWhatIsWrong()
    {
        Assert.Equal(["Use an https:// URL: token checks carry credentials and tokens."], await ErrorsFor(External(i => i.Endpoint = "http://x.example/"), "Endpoint"));
        Assert.Equal(["Put credentials in the security settings, not in the URL."], await ErrorsFor(External(i => i.Endpoint = "https://a:b@x.example/"), "Endpoint"));
        Assert.Equal(["Remove the #fragment: it is never sent to a server."], await ErrorsFor(External(i => i.Endpoint = "https://x.example/#f"), "Endpoint"));
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("X-Api-Credentials", true)]
    [InlineData("x-custom_header.v2", true)]
    [InlineData("Cookie", false)]
    [InlineData("host", false)]
    [InlineData("Content-Length", false)]
    [InlineData("Bad Header", false)]
    [InlineData("Bad:Header", false)]
    [InlineData("", false)]
    public async Task RequestHeaderName_Rfc9110TokenNotReserved(string header, bool valid)
    {
        var errors = await ErrorsFor(External(i => i.RequestHeaderName = header), "RequestHeaderName");
        Assert.Equal(valid, errors.Count == 0);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("^X-Tenant-.*$", true)]
    [InlineData("^X-(Request|Correlation)-Id$", true)]
    [InlineData("(", false)]
    [InlineData(".*", false)]
    [InlineData("^author", false)]
    [InlineData("COOKIE", false)]
    [InlineData("(?-i)^authorization$", false)]
    [InlineData("(?-i)^cookie$", false)]
    [InlineData("^Proxy-Authorization$", false)]
    [InlineData(@"^(X)-\1$", false)]
    [InlineData("^(?=X-)", false)]
    public async Task CustomHeaderPattern_CompilesAndNeverMatchesAuthorizationOrCookie(string pattern, bool valid)
    {
        var errors = await ErrorsFor(External(i => i.CustomHeaderPattern = pattern), "CustomHeaderPattern");
        Assert.Equal(valid, errors.Count == 0);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(86_400, true)]
    [InlineData(0, false)]
    [InlineData(86_401, false)]
    public async Task CacheTtl_WithTimeToLiveCache_Between1And86400(int ttl, bool valid)
    {
        var errors = await ErrorsFor(External(i => { i.CacheType = ExternalCacheType.TimeToLive; i.CacheTtl = ttl; }), "CacheTtl");
        Assert.Equal(valid, errors.Count == 0);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(60_000, true)]
    [InlineData(99, false)]
    [InlineData(60_001, false)]
    public async Task TimeoutMs_Between100And60000(int timeout, bool valid)
    {
        var errors = await ErrorsFor(External(i => i.TimeoutMs = timeout), "TimeoutMs");
        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public async Task BasicAuthentication_NeedsUsernameAndPassword()
    {
        Assert.Single(await ErrorsFor(External(i => i.Username = " "), "Username"));
        Assert.Single(await ErrorsFor(External(i => i.Username = "a:b"), "Username"));
        Assert.Equal(["Enter the password for basic authentication."],
            await ErrorsFor(External(i => { i.PasswordChange = SecretChange.Keep; i.HasPassword = false; }), "NewPassword"));
        Assert.Empty(await ErrorsFor(External(i => { i.PasswordChange = SecretChange.Keep; i.HasPassword = true; }), "NewPassword"));
        Assert.Single(await ErrorsFor(External(i => { i.PasswordChange = SecretChange.Replace; i.NewPassword = ""; }), "NewPassword"));
        Assert.Single(await ErrorsFor(External(i => { i.PasswordChange = SecretChange.Clear; i.HasPassword = true; }), "NewPassword"));
        Assert.Empty(await ErrorsFor(External(i => { i.Security = ExternalSecurity.None; i.Username = ""; i.PasswordChange = SecretChange.Clear; }), "NewPassword"));
    }

    [Fact]
    public async Task StoredValuesOfTheOtherType_AreCheckedToo()
    {
        var native = new TokenManagementInput
        {
            Enabled = true,
            Type = TokenManagementType.Native,
            ClientRevocation = true,
            Endpoint = "ftp://tokens.example.com/",
            RequestHeaderName = "Cookie",
            CustomHeaderPattern = ".*",
            TimeoutMs = -5,
            TlsClientProfileId = Guid.NewGuid(),
        };

        var errors = (await Validator().ValidateAsync(native)).Errors.Select(e => e.PropertyName).ToHashSet();

        Assert.Superset(new HashSet<string> { "Endpoint", "RequestHeaderName", "CustomHeaderPattern", "TimeoutMs", "TlsClientProfileId" }, errors);
        Assert.False((await Validator().ValidateAsync(new TokenManagementInput { Enabled = false, Endpoint = "nope" })).IsValid);
    }

    [Fact]
    public async Task EmptyReplacementPassword_IsRefusedWhateverTheSecurity()
    {
        var input = External(i => { i.Security = ExternalSecurity.None; i.HasPassword = true; i.PasswordChange = SecretChange.Replace; i.NewPassword = ""; });
        Assert.Equal(["Type the new password, or keep the current one."], await ErrorsFor(input, "NewPassword"));
    }

    [Fact]
    public async Task TlsProfile_MustExist()
    {
        Assert.Empty(await ErrorsFor(External(i => i.TlsClientProfileId = KnownProfile), "TlsClientProfileId"));
        Assert.Single(await ErrorsFor(External(i => i.TlsClientProfileId = Guid.NewGuid()), "TlsClientProfileId"));
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(86_400, true)]
    [InlineData(9, false)]
    [InlineData(86_401, false)]
    public async Task PollInterval_ForV5Compatible_Between10And86400(int seconds, bool valid)
    {
        var input = External(i => { i.GatewayType = GatewayType.V5Compatible; i.PollIntervalSeconds = seconds; i.Username = ""; });
        Assert.Equal(valid, (await ErrorsFor(input, "PollIntervalSeconds")).Count == 0);
        Assert.Empty(await ErrorsFor(input, "Username")); // v5 mode has no basic authentication
    }

    [Fact]
    public async Task FormBodyFieldNames_NonEmptyAndDistinct()
    {
        TokenManagementInput Form(string id, string secret) => External(i =>
        {
            i.ClientCredentialsLocation = ClientCredentialsLocation.FormBody;
            i.ClientIdField = id;
            i.ClientSecretField = secret;
        });

        Assert.Empty((await Validator().ValidateAsync(Form("client_id", "client_secret"))).Errors);
        Assert.Single(await ErrorsFor(Form("", "client_secret"), "ClientIdField"));
        Assert.Single(await ErrorsFor(Form("client_id", " "), "ClientSecretField"));
        Assert.Equal(["The client id and client secret need two different fields."], await ErrorsFor(Form("id", "id"), "ClientSecretField"));
        // In the Authorization header the field names are not used, so they are not checked.
        Assert.Empty(await ErrorsFor(External(i => i.ClientIdField = ""), "ClientIdField"));
    }

    [Fact]
    public async Task Monitoring_NeedsTheClientAttribute_AndPurgeIsAtLeast10Seconds()
    {
        Assert.Single(await ErrorsFor(External(i => i.MonitoringClientAttribute = ""), "MonitoringClientAttribute"));
        Assert.Empty(await ErrorsFor(External(i => { i.MonitoringEnabled = false; i.MonitoringClientAttribute = ""; }), "MonitoringClientAttribute"));
        Assert.Single(await ErrorsFor(External(i => i.PurgeExpiredEverySeconds = 9), "PurgeExpiredEverySeconds"));
        Assert.Empty(await ErrorsFor(External(i => i.PurgeExpiredEverySeconds = 10), "PurgeExpiredEverySeconds"));
    }
}
