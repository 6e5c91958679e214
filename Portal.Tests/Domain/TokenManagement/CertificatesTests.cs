using Portal.Domain.TokenManagement;
using Portal.Tests.TestData;

namespace Portal.Tests.Domain.TokenManagement;

public sealed class CertificatesTests
{
    private static DateTime Now => DateTime.UtcNow;

    [Fact]
    public void CaBundle_ValidPem_IsAcceptedAndDescribed()
    {
        using var root = TestCertificates.ValidCa("Acme Root");
        using var second = TestCertificates.ValidCa("Acme Issuing");

        var (certificates, problem) = Certificates.ReadCaBundle(TestCertificates.Pem(root) + "\n" + TestCertificates.Pem(second), Now);

        Assert.Null(problem);
        Assert.Equal(["CN=Acme Root", "CN=Acme Issuing"], certificates.Select(c => c.Subject));
        Assert.Equal("CN=Acme Root", certificates[0].Issuer);
        Assert.Equal(root.NotAfter.ToUniversalTime(), certificates[0].NotAfterUtc);
    }

    [Theory]
    [InlineData("hello, this is not a certificate", "No certificate found")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "could not be read")]
    public void CaBundle_Garbage_SaysWhatIsWrong(string pem, string message)
    {
        var (_, problem) = Certificates.ReadCaBundle(pem, Now);
        Assert.Contains(message, problem);
    }

    [Fact]
    public void CaBundle_BlocksRunTogether_IsExplained()
    {
        using var a = TestCertificates.ValidCa("A");
        using var b = TestCertificates.ValidCa("B");
        var (_, problem) = Certificates.ReadCaBundle(TestCertificates.Pem(a).Trim() + TestCertificates.Pem(b).Trim(), Now);
        Assert.NotNull(problem);
    }

    [Fact]
    public void CaBundle_PrivateKey_IsRefusedAsAKey()
    {
        using var root = TestCertificates.ValidCa();
        var (_, problem) = Certificates.ReadCaBundle(TestCertificates.KeyPem(root), Now);
        Assert.StartsWith("This is a private key, not a CA certificate", problem);
    }

    [Fact]
    public void CaBundle_ExpiredCertificate_NamesItAndTheDate()
    {
        using var old = TestCertificates.ExpiredCa("Old Root");
        var (_, problem) = Certificates.ReadCaBundle(TestCertificates.Pem(old), Now);
        Assert.Equal($"The certificate 'CN=Old Root' expired on {old.NotAfter.ToUniversalTime():yyyy-MM-dd}: ask its issuer for a current one.", problem);
    }

    [Fact]
    public void ClientCertificate_PemPair_IsReadWithItsKey()
    {
        using var client = TestCertificates.ValidCa("portal-client");
        var input = new TlsProfileInput { ClientCertificatePem = TestCertificates.Pem(client), ClientKeyPem = TestCertificates.KeyPem(client) };

        var (pkcs12, info, problem) = Certificates.ReadClientCertificate(input, Now);

        Assert.Null(problem);
        Assert.NotNull(pkcs12);
        Assert.Equal("CN=portal-client", info!.Subject);
    }

    [Fact]
    public void ClientCertificate_KeyOfAnotherCertificate_IsRefused()
    {
        using var client = TestCertificates.ValidCa("a");
        using var other = TestCertificates.ValidCa("b");
        var input = new TlsProfileInput { ClientCertificatePem = TestCertificates.Pem(client), ClientKeyPem = TestCertificates.KeyPem(other) };

        Assert.Contains("check that the key belongs to the certificate", Certificates.ReadClientCertificate(input, Now).Problem);
    }

    [Fact]
    public void ClientCertificate_Pfx_RightPasswordWorks_WrongPasswordIsExplained()
    {
        using var client = TestCertificates.ValidCa("pfx-client");
        var pfx = client.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pfx pass");

        var good = Certificates.ReadClientCertificate(new TlsProfileInput
        {
            ClientCertificateFormat = ClientCertificateFormat.Pfx,
            ClientPfx = pfx,
            ClientPfxPassword = "pfx pass",
        }, Now);
        var bad = Certificates.ReadClientCertificate(new TlsProfileInput
        {
            ClientCertificateFormat = ClientCertificateFormat.Pfx,
            ClientPfx = pfx,
            ClientPfxPassword = "wrong",
        }, Now);

        Assert.Null(good.Problem);
        Assert.Equal("CN=pfx-client", good.Info!.Subject);
        Assert.Equal("The PFX file could not be opened: the password is wrong or the file is damaged.", bad.Problem);
    }
}
