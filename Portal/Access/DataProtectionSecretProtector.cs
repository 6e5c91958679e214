using Microsoft.AspNetCore.DataProtection;
using Portal.Domain.TokenManagement;

namespace Portal.Access;

/// <summary>Secrets at rest (external passwords, client certificates) through ASP.NET Core Data Protection.</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    // The purpose string isolates these ciphertexts from cookies and antiforgery tokens protected by the same keys.
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}
