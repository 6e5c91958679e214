using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Engine.External;
using Portal.Domain.TokenManagement;
using Portal.Tests.OAuth;
using Portal.Tests.TestData;

namespace Portal.Tests.External;

/// <summary>
/// The TLS client profile on real HTTPS stubs: the profile's CAs (and only those) are trusted, its client certificate
/// is presented, and "Test connection" says in plain words how far a call got.
/// </summary>
public sealed class ExternalTlsTests(EngineApp app) : IClassFixture<EngineApp>
{
    private static readonly X509Certificate2 ServiceCa = TestCertificates.ValidCa("Service Test CA");
    private static readonly X509Certificate2 OtherCa = TestCertificates.ValidCa("Unrelated CA");

    private async Task<Guid> ProfileAsync(
        string name, X509Certificate2? trusted, X509Certificate2? clientCertificate = null, TlsVersion minimum = TlsVersion.Tls12, bool checkHostName = true)
    {
        var input = new TlsProfileInput
        {
            Name = name,
            CaCertificatesPem = trusted is null ? "" : TestCertificates.Pem(trusted),
            MinimumTlsVersion = minimum,
            CheckHostName = checkHostName,
        };
        if (clientCertificate is not null)
        {
            input.ClientCertificateChange = SecretChange.Replace;
            input.ClientCertificateFormat = ClientCertificateFormat.Pem;
            input.ClientCertificatePem = TestCertificates.Pem(clientCertificate);
            input.ClientKeyPem = TestCertificates.KeyPem(clientCertificate);
        }
        var saved = await app.WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(Actors.Owner, input));
        Assert.True(saved.IsSuccess, saved.Message);
        return saved.Value;
    }

    private async Task<(Guid Id, string Name, Portal.Domain.Clients.IssuedSecret Client)> ProviderAsync(string title, string endpoint, Guid? profile)
    {
        var (id, name) = await app.ProviderAsync(title, revocation: false);
        var client = await app.ClientAsync(id);
        await app.TokenManagementAsync(id, t =>
        {
            t.Enabled = true;
            t.Type = TokenManagementType.External;
            t.Endpoint = endpoint;
            t.TlsClientProfileId = profile;
            t.TimeoutMs = 3000;
        });
        return (id, name, client);
    }

    private Task<Portal.Domain.Common.Result<ProbeResult>> ProbeAsync(Guid providerId) =>
        app.WithScope(s => s.GetRequiredService<ExternalHealthService>().TestConnectionAsync(Actors.Owner, providerId));

    [Fact]
    public async Task AServiceWithATestCaCertificate_WorksWhenTheProfileTrustsThatCa_AndFailsClearlyWhenNot()
    {
        await using var stub = await ExternalStub.StartAsync(TestCertificates.Issue(ServiceCa, "localhost", server: true));
        var trusting = await ProfileAsync("Trusts service CA", ServiceCa);
        var other = await ProfileAsync("Trusts another CA", OtherCa);
        var (good, goodName, client) = await ProviderAsync("Tls Trusted", stub.Endpoint, trusting);
        var (bad, badName, badClient) = await ProviderAsync("Tls Untrusted", stub.Endpoint, other);
        var (system, _, _) = await ProviderAsync("Tls System Roots", stub.Endpoint, null);

        var token = await app.TokenAsync(goodName, client);
        var issuedUntrusted = await app.PostAsync($"/{badName}/oauth2/token", badClient, ("grant_type", "client_credentials"));
        var passed = await ProbeAsync(good);
        var refused = await ProbeAsync(bad);
        var unknown = await ProbeAsync(system);

        Assert.True((await app.IntrospectAsync(goodName, client, token)).GetProperty("active").GetBoolean());
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, issuedUntrusted.StatusCode);
        Assert.Equal(ProbeStage.Passed, passed.Value!.Stage);
        Assert.Contains("TLS passed", passed.Value.Message);
        Assert.Equal(200, passed.Value.Status);
        Assert.Equal(ProbeStage.Tls, refused.Value!.Stage);
        Assert.False(refused.Value.Succeeded);
        Assert.Contains("issued by 'CN=Service Test CA', which the TLS profile does not trust", refused.Value.Message);
        Assert.Equal(ProbeStage.Tls, unknown.Value!.Stage);
        Assert.Contains("which this machine does not trust", unknown.Value.Message);
        Assert.Contains(app.Logs, l => l.Contains("TLS: The service's certificate was issued by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientCertificateRequiredByTheService_IsPresentedFromTheProfile()
    {
        var clientCertificate = TestCertificates.Issue(ServiceCa, "portal-client", server: false);
        await using var stub = await ExternalStub.StartAsync(TestCertificates.Issue(ServiceCa, "localhost", server: true), requireClientCertificateFrom: ServiceCa);
        var withCertificate = await ProfileAsync("Mutual TLS", ServiceCa, clientCertificate);
        var withoutCertificate = await ProfileAsync("No client certificate", ServiceCa);
        var (_, name, client) = await ProviderAsync("Tls Mutual", stub.Endpoint, withCertificate);
        var (without, _, _) = await ProviderAsync("Tls Mutual Missing", stub.Endpoint, withoutCertificate);

        var token = await app.TokenAsync(name, client);
        var refused = await ProbeAsync(without);

        Assert.True((await app.IntrospectAsync(name, client, token)).GetProperty("active").GetBoolean());
        Assert.All(stub.Requests, r => Assert.Equal("CN=portal-client", r.ClientCertificateSubject));
        Assert.NotEmpty(stub.Requests);
        Assert.Equal(ProbeStage.Tls, refused.Value!.Stage);
        Assert.Contains("client certificate", refused.Value.Message);
    }

    [Fact]
    public async Task ACertificateForAnotherHost_IsRefused_UnlessTheProfileTurnsTheHostNameCheckOff()
    {
        await using var stub = await ExternalStub.StartAsync(TestCertificates.Issue(ServiceCa, "tokens.example.net", server: true, forLoopback: false));
        var (checkedId, _, _) = await ProviderAsync("Tls Host Checked", stub.Endpoint, await ProfileAsync("Host checked", ServiceCa));
        var (uncheckedId, _, _) = await ProviderAsync("Tls Host Unchecked", stub.Endpoint, await ProfileAsync("Host unchecked", ServiceCa, checkHostName: false));

        var refused = (await ProbeAsync(checkedId)).Value!;
        var passed = (await ProbeAsync(uncheckedId)).Value!;

        Assert.Equal(ProbeStage.Tls, refused.Stage);
        Assert.Contains("The certificate is for 'tokens.example.net', not for the host in the endpoint URL", refused.Message);
        Assert.Equal(ProbeStage.Passed, passed.Stage);
    }

    [Fact]
    public async Task TheHostNameCheck_MayBeTurnedOffOnlyWithTheProfilesOwnCas()
    {
        var refused = await app.WithScope(s => s.GetRequiredService<TlsProfileService>().SaveAsync(Actors.Owner,
            new TlsProfileInput { Name = "Public roots, no host check", CheckHostName = false }));

        Assert.Equal(Portal.Domain.Common.ResultStatus.Invalid, refused.Status);
        Assert.Contains(refused.Errors, e => e.Field == nameof(TlsProfileInput.CheckHostName) && e.Message.Contains("own CA certificates"));
    }

    /// <summary>Kestrel will not serve a client certificate, so the check is called as the TLS handshake calls it.</summary>
    [Fact]
    public void AClientCertificateOfTheTrustedCa_IsNotAcceptedAsTheServicesCertificate()
    {
        using var client = TestCertificates.Issue(ServiceCa, "localhost", server: false);
        using var server = TestCertificates.Issue(ServiceCa, "localhost", server: true);
        var trusted = new X509Certificate2Collection { ServiceCa };

        var refused = Portal.External.CertificateProblems.Describe(client, null, System.Net.Security.SslPolicyErrors.None, trusted, checkHostName: true);
        var accepted = Portal.External.CertificateProblems.Describe(server, null, System.Net.Security.SslPolicyErrors.None, trusted, checkHostName: true);

        Assert.Contains("not a TLS server certificate", refused);
        Assert.Null(accepted);
    }

    [Fact]
    public async Task AServiceBelowTheProfilesMinimumTlsVersion_IsRefused()
    {
        await using var stub = await ExternalStub.StartAsync(TestCertificates.Issue(ServiceCa, "localhost", server: true),
            protocols: System.Security.Authentication.SslProtocols.Tls12);
        var (modern, _, _) = await ProviderAsync("Tls 1.3 Only", stub.Endpoint, await ProfileAsync("TLS 1.3 only", ServiceCa, minimum: TlsVersion.Tls13));
        var (any, _, _) = await ProviderAsync("Tls 1.2 Allowed", stub.Endpoint, await ProfileAsync("TLS 1.2 allowed", ServiceCa));

        var refused = (await ProbeAsync(modern)).Value!;
        var passed = (await ProbeAsync(any)).Value!;

        Assert.Equal(ProbeStage.Tls, refused.Stage);
        Assert.Contains("the profile allows TLS 1.3 only", refused.Message);
        Assert.Equal(ProbeStage.Passed, passed.Stage);
    }

    [Fact]
    public async Task TestConnection_NamesTheStageThatFailed()
    {
        await using var stub = await ExternalStub.StartAsync();
        stub.OnCheck = _ => new StubAnswer(503, "down for maintenance");
        var (refused, _, _) = await ProviderAsync("Probe Refused", ExternalStub.ClosedEndpoint(), null);
        var (erroring, _, _) = await ProviderAsync("Probe Http Error", stub.Endpoint, null);
        var (plain, _, _) = await ProviderAsync("Probe Plain", stub.Endpoint, null);

        var tcp = (await ProbeAsync(refused)).Value!;
        var http = (await ProbeAsync(erroring)).Value!;
        stub.OnCheck = _ => new StubAnswer(200, "not json");
        var answer = (await ProbeAsync(plain)).Value!;

        Assert.Equal(ProbeStage.Tcp, tcp.Stage);
        Assert.Contains("connection refused", tcp.Message);
        Assert.Equal(ProbeStage.Http, http.Stage);
        Assert.Equal(503, http.Status);
        Assert.Contains("HTTP 503", http.Message);
        Assert.Equal(ProbeStage.Answer, answer.Stage);
        Assert.Contains("not JSON", answer.Message);
        var probe = stub.Checks.Last();
        Assert.Equal(HttpProbeToken, probe.Header("access-token"));
    }

    private const string HttpProbeToken = Portal.External.HttpExternalTokenService.ProbeToken;

    [Fact]
    public async Task TestConnection_NeedsSettingsManage_AndExternalSettings()
    {
        var (id, _) = await app.ProviderAsync("Probe Native");

        var denied = await app.WithScope(s => s.GetRequiredService<ExternalHealthService>().TestConnectionAsync(Actors.With(Portal.Domain.Access.Permissions.SettingsView, Portal.Domain.Access.Permissions.AuditView), id));
        var native = await ProbeAsync(id);

        Assert.Equal(Portal.Domain.Common.ResultStatus.Forbidden, denied.Status);
        Assert.Equal(Portal.Domain.Common.ResultStatus.Conflict, native.Status);
        Assert.Equal(ExternalHealthService.NotExternal, native.Message);
    }
}
