namespace Portal.Domain.TokenManagement;

/// <summary>Encrypts secrets for storage (ASP.NET Core Data Protection in the app). Never log either side.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedValue);
}
