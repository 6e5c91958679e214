using Portal.Domain.Engine.External;
using Portal.Domain.TokenManagement;

namespace Portal.Tests.Domain.External;

public sealed class ExternalProtocolTests
{
    [Fact]
    public void AnAccessTokenNotification_WithoutARefreshToken_LeavesTheRefreshFieldsOut()
    {
        var json = new TokensIssued("c0ffee01", "alice", "orders:read", "AAEk3f", 1735689600, 3600).ToJsonString();

        Assert.Equal("""{"token_type":"bearer","access_token":"AAEk3f","scope":"orders:read","client_id":"c0ffee01","resource_owner":"alice","generated":1735689600,"expires_in":3600}""", json);
    }

    [Fact]
    public void AnAccessTokenNotification_WithARefreshToken_IsTheSpecsExample()
    {
        var json = new TokensIssued("c0ffee01", "alice", "orders:read", "AAEk3f...", 1735689600, 3600, "AAFr9q...", 2682000).ToJsonString();

        Assert.Equal("""{"token_type":"bearer","access_token":"AAEk3f...","refresh_token":"AAFr9q...","scope":"orders:read","client_id":"c0ffee01","resource_owner":"alice","generated":1735689600,"expires_in":3600,"refresh_token_expires_in":2682000}""", json);
    }

    [Fact]
    public void ACodeNotification_HasTheFieldsOfSection51()
    {
        var json = new CodeIssued("c0ffee01", "alice", "orders:read", "SplxlOBe").ToJsonString();

        Assert.Equal("""{"token_type":"az_code","code":"SplxlOBe","scope":"orders:read","client_id":"c0ffee01","resource_owner":"alice"}""", json);
    }

    [Theory]
    [InlineData(ArtifactKind.AccessToken, "access-token")]
    [InlineData(ArtifactKind.RefreshToken, "refresh-token")]
    [InlineData(ArtifactKind.AuthorizationCode, "code")]
    public void AValidationCheck_SendsItsDataAsTheHeadersOfSection52(ArtifactKind kind, string artifactHeader)
    {
        var headers = new ArtifactCheck(kind, "T0K3N", "c0ffee01", "alice", "orders:read", 0).Headers();

        Assert.Equal(["client-id", "resource-owner", artifactHeader, "scope"], headers.Select(h => h.Key));
        Assert.Equal(["c0ffee01", "alice", "T0K3N", "orders:read"], headers.Select(h => h.Value));
    }

    [Theory]
    [InlineData(200, """{"active": true}""", ExternalVerdict.Allowed)]
    [InlineData(200, """{"active": false, "revoked_at": 1735690000}""", ExternalVerdict.Revoked)]
    [InlineData(200, """{"active": "false"}""", ExternalVerdict.Failed)]
    [InlineData(200, """{"revoked": true}""", ExternalVerdict.Failed)]
    [InlineData(200, """[true]""", ExternalVerdict.Failed)]
    [InlineData(200, "not json", ExternalVerdict.Failed)]
    [InlineData(200, "", ExternalVerdict.Failed)]
    [InlineData(204, "", ExternalVerdict.Failed)]
    [InlineData(404, """{"active": false}""", ExternalVerdict.Failed)]
    [InlineData(500, """{"active": true}""", ExternalVerdict.Failed)]
    public void AValidationAnswer_IsActiveTrueOrFalse_Only_WithStatus200(int status, string body, ExternalVerdict expected)
    {
        var answer = ExternalAnswer.OfValidation(status, body);

        Assert.Equal(expected, answer.Verdict);
        Assert.Equal(expected == ExternalVerdict.Failed, answer.Problem is not null);
    }

    [Theory]
    [InlineData(200, ExternalVerdict.Allowed)]
    [InlineData(201, ExternalVerdict.Failed)]
    [InlineData(204, ExternalVerdict.Failed)]
    [InlineData(500, ExternalVerdict.Failed)]
    public void ANotificationAnswer_Is200Only(int status, ExternalVerdict expected) =>
        Assert.Equal(expected, ExternalAnswer.OfNotification(status).Verdict);

    /// <summary>Acceptance: the health panel's sentence for every combination of cache type and fail-on-error.</summary>
    [Theory]
    [InlineData(ExternalCacheType.None, true,
        "Every check asks the service: a token revoked there is refused on its next use. While the service is down, tokens are refused.")]
    [InlineData(ExternalCacheType.None, false,
        "Every check asks the service: a token revoked there is refused on its next use. While the service is down, tokens are accepted until they expire.")]
    [InlineData(ExternalCacheType.TimeToLive, true,
        "A token revoked at the service may still be accepted for up to 900 s because of the cache. While the service is down, tokens are refused once their cached answer runs out.")]
    [InlineData(ExternalCacheType.TimeToLive, false,
        "A token revoked at the service may still be accepted for up to 900 s because of the cache. While the service is down, tokens are accepted until they expire.")]
    [InlineData(ExternalCacheType.Protocol, true,
        "A token revoked at the service may still be accepted for as long as the service's Cache-Control max-age allows; answers without one are not cached. While the service is down, tokens are refused once their cached answer runs out.")]
    [InlineData(ExternalCacheType.Protocol, false,
        "A token revoked at the service may still be accepted for as long as the service's Cache-Control max-age allows; answers without one are not cached. While the service is down, tokens are accepted until they expire.")]
    public void TheStalenessSentence_StatesWhatTheSettingsAllow(ExternalCacheType cache, bool failOnError, string expected) =>
        Assert.Equal(expected, ExternalStaleness.Describe(cache, 900, failOnError));

    [Theory]
    [InlineData(true, "A revocation listed by the service takes effect at the next poll, up to 60 s later. While the service is down, the last list fetched stays in force; until a first list is fetched (after a start or a change), tokens are refused.")]
    [InlineData(false, "A revocation listed by the service takes effect at the next poll, up to 60 s later. While the service is down, the last list fetched stays in force; until a first list is fetched (after a start or a change), tokens are accepted until they expire.")]
    public void TheStalenessSentence_OfThePolledList_NamesTheIntervalAndTheStart(bool failOnError, string expected) =>
        Assert.Equal(expected, ExternalStaleness.DescribePolling(60, failOnError));

    private static TokenManagementPolicy Policy(string pattern, string credentialHeader = "Authorization")
    {
        var settings = TokenManagementSettings.Default(Guid.NewGuid());
        return TokenManagementPolicy.From(settings) with { CustomHeaderPattern = pattern, RequestHeaderName = credentialHeader };
    }

    [Fact]
    public void ForwardedHeaders_AreThoseThePatternMatches_NeverCredentialsOrTheProtocolsOwn()
    {
        KeyValuePair<string, string>[] inbound =
        [
            new("X-Trace-Id", "1"), new("x-trace-span", "2"), new("Authorization", "Basic abc"), new("Cookie", "a=b"),
            new("Proxy-Authorization", "p"), new("X-Other", "3"), new("X-Trace-Auth", "mine"),
        ];

        var forwarded = HeaderPattern.Forwardable(Policy(".*", credentialHeader: "X-Trace-Auth"), inbound);
        var traced = HeaderPattern.Forwardable(Policy("^x-trace-"), inbound);

        Assert.Equal(["X-Trace-Id", "x-trace-span", "X-Other"], forwarded.Select(h => h.Key));
        Assert.Equal(["X-Trace-Id", "x-trace-span", "X-Trace-Auth"], traced.Select(h => h.Key));
        Assert.Empty(HeaderPattern.Forwardable(Policy(""), inbound));
    }
}
