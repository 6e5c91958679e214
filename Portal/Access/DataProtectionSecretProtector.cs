using Microsoft.AspNetCore.DataProtection;
using Portal.Domain.TokenManagement;

namespace Portal.Access;

/// <summary>Secrets at rest (external passwords, client certificates) through ASP.NET Core Data Protection.</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    // The root purpose isolates these ciphertexts from cookies and antiforgery tokens protected by the same keys;
    // the sub-purpose ties each one to its kind and row.
    private readonly IDataProtector _root = provider.CreateProtector("Portal.Secrets.v1");

    public string Protect(string purpose, string plaintext) => _root.CreateProtector(purpose).Protect(plaintext);

    public string Unprotect(string purpose, string protectedValue) => _root.CreateProtector(purpose).Unprotect(protectedValue);
}
