using Portal.Domain.Audit;

namespace Portal.Domain.TokenManagement;

public enum TlsVersion
{
    Tls12,
    Tls13,
}

/// <summary>
/// How the engine connects to an external service: which CAs it trusts (only those, when any are given), the client
/// certificate it presents, the lowest TLS version and whether the host name is checked. The client certificate with
/// its private key is stored only protected.
/// </summary>
public sealed class TlsClientProfile
{
    private TlsClientProfile()
    {
    }

    public Guid Id { get; private set; }
    public Guid Version { get; private set; }
    public string Name { get; private set; } = "";
    public string CaCertificatesPem { get; private set; } = "";
    public string? ProtectedClientCertificate { get; private set; }
    public string? ClientCertificateSubject { get; private set; }
    public DateTime? ClientCertificateNotAfterUtc { get; private set; }
    public TlsVersion MinimumTlsVersion { get; private set; }
    public bool CheckHostName { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public bool HasClientCertificate => ProtectedClientCertificate is not null;

    public static TlsClientProfile Create() => new() { Id = Guid.NewGuid() };

    /// <param name="clientCertificate">The parsed replacement certificate (PKCS#12 bytes, protected by the caller), when the input replaces it.</param>
    public void Apply(TlsProfileInput input, string caCertificatesPem, (string Protected, CertificateInfo Info)? clientCertificate, DateTime nowUtc)
    {
        Name = input.Name.Trim();
        CaCertificatesPem = caCertificatesPem;
        MinimumTlsVersion = input.MinimumTlsVersion;
        CheckHostName = input.CheckHostName;
        switch (input.ClientCertificateChange)
        {
            case SecretChange.Replace when clientCertificate is { } replacement:
                ProtectedClientCertificate = replacement.Protected;
                ClientCertificateSubject = replacement.Info.Subject;
                ClientCertificateNotAfterUtc = replacement.Info.NotAfterUtc;
                break;
            case SecretChange.Clear:
                ProtectedClientCertificate = null;
                ClientCertificateSubject = null;
                ClientCertificateNotAfterUtc = null;
                break;
        }
        UpdatedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    public const string ClientCertificateField = "ClientCertificate";

    private static readonly IReadOnlySet<string> AuditSecrets = new HashSet<string> { ClientCertificateField };

    public AuditSubject AuditSubject => new(AuditEntityTypes.TlsProfile, Id.ToString(), Name);

    /// <summary>The profile as the audit log keeps it; the client certificate with its key only as "[redacted]" / "[changed]".</summary>
    public AuditState ToAuditState()
    {
        var state = AuditState.Of(ToInput(), [
            nameof(TlsProfileInput.Id), nameof(TlsProfileInput.Version), nameof(TlsProfileInput.HasClientCertificate),
            nameof(TlsProfileInput.ClientCertificateChange), nameof(TlsProfileInput.ClientCertificateFormat),
            nameof(TlsProfileInput.ClientCertificatePem), nameof(TlsProfileInput.ClientKeyPem),
            nameof(TlsProfileInput.ClientPfx), nameof(TlsProfileInput.ClientPfxPassword),
        ], AuditSecrets);
        state.Values[ClientCertificateField] = ProtectedClientCertificate;
        return state;
    }

    public TlsProfileInput ToInput() => new()
    {
        Id = Id,
        Version = Version,
        Name = Name,
        CaCertificatesPem = CaCertificatesPem,
        MinimumTlsVersion = MinimumTlsVersion,
        CheckHostName = CheckHostName,
        HasClientCertificate = HasClientCertificate,
        ClientCertificateSubject = ClientCertificateSubject,
        ClientCertificateNotAfterUtc = ClientCertificateNotAfterUtc,
    };
}

public enum ClientCertificateFormat
{
    Pem,
    Pfx,
}

public sealed class TlsProfileInput
{
    public Guid? Id { get; set; }
    public Guid? Version { get; set; }
    public string Name { get; set; } = "";

    /// <summary>One or more PEM certificates; empty means the operating system's trusted roots.</summary>
    public string CaCertificatesPem { get; set; } = "";

    public TlsVersion MinimumTlsVersion { get; set; } = TlsVersion.Tls12;
    public bool CheckHostName { get; set; } = true;

    // The client certificate is write-only, like a password: the form shows what is stored, never the key.
    public bool HasClientCertificate { get; set; }
    public string? ClientCertificateSubject { get; set; }
    public DateTime? ClientCertificateNotAfterUtc { get; set; }
    public SecretChange ClientCertificateChange { get; set; } = SecretChange.Keep;
    public ClientCertificateFormat ClientCertificateFormat { get; set; } = ClientCertificateFormat.Pem;
    public string ClientCertificatePem { get; set; } = "";
    public string ClientKeyPem { get; set; } = "";
    public byte[]? ClientPfx { get; set; }
    public string ClientPfxPassword { get; set; } = "";
}
