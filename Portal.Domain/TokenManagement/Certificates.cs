using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Domain.TokenManagement;

public sealed record CertificateInfo(string Subject, string Issuer, DateTime NotBeforeUtc, DateTime NotAfterUtc, string Thumbprint)
{
    public bool IsExpired(DateTime nowUtc) => NotAfterUtc < nowUtc;

    public static CertificateInfo Of(X509Certificate2 certificate) => new(
        certificate.Subject, certificate.Issuer, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(),
        certificate.Thumbprint);
}

/// <summary>Reads the certificates administrators paste or upload, and says in plain words what is wrong with them.</summary>
public static class Certificates
{
    private const string CertificateHeader = "-----BEGIN CERTIFICATE-----";

    /// <summary>Parses a CA bundle: one or more PEM certificates, none expired, no private keys.</summary>
    public static (IReadOnlyList<CertificateInfo> Certificates, string? Problem) ReadCaBundle(string pem, DateTime nowUtc)
    {
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            return ([], "This is a private key, not a CA certificate: paste the CA's certificate (-----BEGIN CERTIFICATE-----), and never its key.");
        if (!pem.Contains(CertificateHeader, StringComparison.Ordinal))
            return ([], "No certificate found: paste one or more PEM blocks that begin with -----BEGIN CERTIFICATE-----.");

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            return ([], $"A certificate could not be read ({e.Message.TrimEnd('.')}): check that each block was copied whole.");
        }

        var infos = collection.Select(CertificateInfo.Of).ToList();
        foreach (var certificate in collection)
            certificate.Dispose();
        if (infos.Count == 0)
            return ([], "No certificate could be read: put each -----BEGIN CERTIFICATE----- block on its own lines.");
        if (infos.FirstOrDefault(c => c.IsExpired(nowUtc)) is { } expired)
            return (infos, $"The certificate '{expired.Subject}' expired on {expired.NotAfterUtc:yyyy-MM-dd}: ask its issuer for a current one.");
        return (infos, null);
    }

    /// <summary>Describes an already-validated bundle (for the profile pages).</summary>
    public static IReadOnlyList<CertificateInfo> Describe(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
            return [];
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        var infos = collection.Select(CertificateInfo.Of).ToList();
        foreach (var certificate in collection)
            certificate.Dispose();
        return infos;
    }

    /// <summary>Reads a client certificate with its private key, as PEM pair or PFX; returns PKCS#12 bytes without a password.</summary>
    public static (byte[]? Pkcs12, CertificateInfo? Info, string? Problem) ReadClientCertificate(TlsProfileInput input, DateTime nowUtc)
    {
        X509Certificate2 certificate;
        try
        {
            if (input.ClientCertificateFormat == ClientCertificateFormat.Pfx)
            {
                if (input.ClientPfx is not { Length: > 0 } pfx)
                    return (null, null, "Upload the PFX (PKCS#12) file.");
                certificate = X509CertificateLoader.LoadPkcs12(pfx, input.ClientPfxPassword, X509KeyStorageFlags.Exportable);
            }
            else
            {
                if (!input.ClientCertificatePem.Contains(CertificateHeader, StringComparison.Ordinal))
                    return (null, null, "Paste the client certificate (-----BEGIN CERTIFICATE-----).");
                if (!input.ClientKeyPem.Contains("PRIVATE KEY", StringComparison.Ordinal))
                    return (null, null, "Paste the certificate's private key (-----BEGIN PRIVATE KEY-----).");
                certificate = X509Certificate2.CreateFromPem(input.ClientCertificatePem, input.ClientKeyPem);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return (null, null, input.ClientCertificateFormat == ClientCertificateFormat.Pfx
                ? "The PFX file could not be opened: the password is wrong or the file is damaged."
                : $"The certificate and key could not be read together ({e.Message.TrimEnd('.')}): check that the key belongs to the certificate.");
        }

        using (certificate)
        {
            if (!certificate.HasPrivateKey)
                return (null, null, "The file holds no private key: a client certificate needs one.");
            var info = CertificateInfo.Of(certificate);
            if (info.IsExpired(nowUtc))
                return (null, info, $"The client certificate '{info.Subject}' expired on {info.NotAfterUtc:yyyy-MM-dd}.");
            return (certificate.Export(X509ContentType.Pkcs12), info, null);
        }
    }
}
