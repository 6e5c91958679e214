using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Clients;

/// <summary>
/// Client ids and secrets. A secret is 256 random bits, shown once and stored only as its SHA-256: a high-entropy value
/// needs no slow password hash, and checking it costs a hash and a constant-time compare.
/// </summary>
public static class ClientSecrets
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>24 characters of [a-z0-9]: 124 bits, easy to copy and to type.</summary>
    public static string NewClientId() => RandomNumberGenerator.GetString(IdAlphabet, 24);

    /// <summary>256 random bits, base64url without padding (43 characters).</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether the presented secret hashes to the stored hash, compared in constant time.</summary>
    /// <remarks>The presented secret is always hashed, whatever is stored (nothing, for an unknown client): the time
    /// taken says nothing about which client ids exist.</remarks>
    public static bool Matches(ReadOnlySpan<char> presented, string? storedHash)
    {
        var usable = presented.Length is > 0 and <= 256;
        Span<byte> utf8 = stackalloc byte[256 * 3];
        var length = usable ? Encoding.UTF8.GetBytes(presented, utf8) : 0;
        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(utf8[..length], actual);
        Span<byte> expected = stackalloc byte[32];
        var stored = storedHash is { Length: 64 }
            && Convert.FromHexString(storedHash, expected, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 32;
        return CryptographicOperations.FixedTimeEquals(actual, expected) & stored & usable;
    }
}
