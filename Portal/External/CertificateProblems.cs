using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Portal.External;

/// <summary>Checks an external service's certificate as a TLS profile says, and says what is wrong in plain words.</summary>
public static class CertificateProblems
{
    /// <summary>Null when the certificate is acceptable; otherwise what is wrong with it.</summary>
    /// <param name="trusted">The profile's CAs: when given, the only roots trusted; otherwise the machine's.</param>
    public static string? Describe(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection? trusted, bool checkHostName)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return "The service presented no certificate.";
        if (checkHostName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            return $"The certificate is for '{names}', not for the host in the endpoint URL. Use the host name the certificate names, "
                + "or turn off the host-name check in the TLS profile.";
        }

        if (trusted is null)
            return errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? ChainProblem(certificate, chain?.ChainStatus ?? [], ownCas: false) : null;

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // A server's certificate: not a client certificate from the same CA. And nothing fetched at the service's word.
        custom.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        custom.ChainPolicy.DisableCertificateDownloads = true;
        // The intermediates the service sent along.
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return custom.Build(certificate) ? null : ChainProblem(certificate, custom.ChainStatus, ownCas: true);
    }

    private static string ChainProblem(X509Certificate2 certificate, X509ChainStatus[] status, bool ownCas)
    {
        var flags = status.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            return certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow
                ? $"The service's certificate expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}."
                : $"The service's certificate (or one above it) is not valid yet, or has expired: it is valid from {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd}.";
        }
        if (flags.HasFlag(X509ChainStatusFlags.NotValidForUsage))
            return "The service's certificate is not a TLS server certificate (its extended key usage does not allow serverAuth).";
        if (flags.HasFlag(X509ChainStatusFlags.Revoked))
            return "The service's certificate has been revoked by its issuer.";
        if (flags.HasFlag(X509ChainStatusFlags.NotSignatureValid))
            return "The service's certificate carries a signature that does not verify: it may have been tampered with.";
        if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot) || flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            return ownCas
                ? $"The service's certificate was issued by '{certificate.Issuer}', which the TLS profile does not trust: add that CA's certificate to the profile."
                : $"The service's certificate was issued by '{certificate.Issuer}', which this machine does not trust: choose a TLS profile with that CA's certificate.";
        }
        return $"The service's certificate was not accepted ({string.Join("; ", status.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0))}).";
    }
}
