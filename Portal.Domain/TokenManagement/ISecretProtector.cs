namespace Portal.Domain.TokenManagement;

/// <summary>
/// Encrypts secrets for storage (ASP.NET Core Data Protection in the app). The purpose names the secret and the row it
/// belongs to, so a ciphertext copied into another row does not decrypt there. Never log either side.
/// </summary>
public interface ISecretProtector
{
    string Protect(string purpose, string plaintext);

    string Unprotect(string purpose, string protectedValue);
}

/// <summary>The purposes of the stored secrets, one per kind of secret and row.</summary>
public static class SecretPurposes
{
    public static string ExternalPassword(Guid providerId) => $"token-management/{providerId:N}/external-password";

    public static string ClientCertificate(Guid profileId) => $"tls-profile/{profileId:N}/client-certificate";

    public static string TokenSigningKey(int keyId) => $"engine/token-signing-key/{keyId}";
}
