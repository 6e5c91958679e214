using System.Security.Cryptography;

namespace Portal.Domain.Common;

public static class Passwords
{
    // No look-alikes (0/O, 1/l/I): these passwords are read off a screen and typed.
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A random password from the system's cryptographic generator (about 5.8 bits per character).</summary>
    public static string Generate(int length = 24) => RandomNumberGenerator.GetString(Alphabet, length);
}
