using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Engine;

public enum TokenKind : byte
{
    Access = 1,
    Refresh = 2,
}

/// <summary>A signing key of the engine's tokens; the ring keeps old keys so their tokens stay readable until they expire.</summary>
public sealed record TokenKey(int Id, byte[] Secret);

/// <summary>The engine's token keys: the newest signs, every one verifies.</summary>
public sealed class TokenKeyRing(IReadOnlyList<TokenKey> keys)
{
    private readonly TokenKey[] _keys = keys.Count > 0 ? [.. keys] : throw new ArgumentException("A key ring needs at least one key.", nameof(keys));

    public TokenKey Current => _keys[^1];

    public byte[]? Find(int id)
    {
        foreach (var key in _keys)
        {
            if (key.Id == id)
                return key.Secret;
        }
        return null;
    }
}

/// <summary>
/// What a token says about itself, read from the token (no database): which key signed it, its id, its grant (empty
/// for a client-credentials token, which has no grant to keep), when it was issued and expires, the client and the
/// scope. The spans point into the caller's buffer.
/// </summary>
public readonly ref struct TokenView
{
    public required TokenKind Kind { get; init; }
    public required Guid TokenId { get; init; }
    public required Guid GrantId { get; init; }
    public required long IssuedAt { get; init; }
    public required long ExpiresAt { get; init; }
    public required ReadOnlySpan<byte> ClientId { get; init; }
    public required ReadOnlySpan<byte> Scope { get; init; }
}

/// <summary>
/// Self-protected opaque tokens: a small binary record (version, kind, key id, token id, grant id, issued, expires,
/// client id, scope) followed by its HMAC-SHA256, in base64url. Clients treat it as opaque; the engine reads and
/// verifies it without a database read and without allocating. The MAC makes it unforgeable; it is not encrypted, so
/// it carries nothing secret.
/// </summary>
public static class TokenCodec
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + 1 + 4 + 16 + 16 + 8 + 8; // 54
    private const int MacLength = 32;

    /// <summary>The longest client id and scope a token carries.</summary>
    public const int MaxClientIdLength = 64;
    public const int MaxScopeLength = 2048;

    /// <summary>A buffer of this size holds any token this codec writes, decoded.</summary>
    public const int MaxDecodedLength = HeaderLength + 1 + MaxClientIdLength + 2 + MaxScopeLength + MacLength;

    public static string Issue(TokenKey key, TokenKind kind, Guid tokenId, Guid grantId, long issuedAt, long expiresAt, string clientId, string scope)
    {
        var clientBytes = Encoding.ASCII.GetByteCount(clientId);
        var scopeBytes = Encoding.ASCII.GetByteCount(scope);
        if (clientBytes > MaxClientIdLength || scopeBytes > MaxScopeLength)
            throw new ArgumentException("The client id or scope is too long for a token.");
        var length = HeaderLength + 1 + clientBytes + 2 + scopeBytes;
        Span<byte> data = stackalloc byte[length + MacLength];
        data[0] = Version;
        data[1] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(data[2..], key.Id);
        tokenId.TryWriteBytes(data[6..]);
        grantId.TryWriteBytes(data[22..]);
        BinaryPrimitives.WriteInt64LittleEndian(data[38..], issuedAt);
        BinaryPrimitives.WriteInt64LittleEndian(data[46..], expiresAt);
        data[HeaderLength] = (byte)clientBytes;
        Encoding.ASCII.GetBytes(clientId, data[(HeaderLength + 1)..]);
        var scopeAt = HeaderLength + 1 + clientBytes;
        BinaryPrimitives.WriteUInt16LittleEndian(data[scopeAt..], (ushort)scopeBytes);
        Encoding.ASCII.GetBytes(scope, data[(scopeAt + 2)..]);
        HMACSHA256.HashData(key.Secret, data[..length], data[length..]);
        return Base64Url.EncodeToString(data);
    }

    /// <summary>
    /// Reads and verifies a token into <paramref name="buffer"/> (at least <see cref="MaxDecodedLength"/> bytes). False
    /// for anything that is not a token this engine signed with a key it still has: garbage, a wrong MAC, an unknown
    /// key. Expiry and revocation are the caller's to check.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> token, TokenKeyRing keys, Span<byte> buffer, out TokenView view)
    {
        view = default;
        if (token.Length is 0 || token.Length > Base64Url.GetEncodedLength(MaxDecodedLength)
            || Base64Url.DecodeFromChars(token, buffer, out _, out var written) != System.Buffers.OperationStatus.Done
            || written < HeaderLength + 1 + 2 + MacLength || !IsCanonical(token, buffer[..written]))
            return false;
        var data = buffer[..written];
        if (data[0] != Version || data[1] is not ((byte)TokenKind.Access or (byte)TokenKind.Refresh))
            return false;
        var clientLength = data[HeaderLength];
        var scopeAt = HeaderLength + 1 + clientLength;
        if (scopeAt + 2 > written - MacLength)
            return false;
        var scopeLength = BinaryPrimitives.ReadUInt16LittleEndian(data[scopeAt..]);
        var length = scopeAt + 2 + scopeLength;
        if (length + MacLength != written || keys.Find(BinaryPrimitives.ReadInt32LittleEndian(data[2..])) is not { } secret)
            return false;
        Span<byte> mac = stackalloc byte[MacLength];
        KeyedMac.Compute(secret, data[..length], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, data[length..]))
            return false;
        view = new TokenView
        {
            Kind = (TokenKind)data[1],
            TokenId = new Guid(data.Slice(6, 16)),
            GrantId = new Guid(data.Slice(22, 16)),
            IssuedAt = BinaryPrimitives.ReadInt64LittleEndian(data[38..]),
            ExpiresAt = BinaryPrimitives.ReadInt64LittleEndian(data[46..]),
            ClientId = data.Slice(HeaderLength + 1, clientLength),
            Scope = data.Slice(scopeAt + 2, scopeLength),
        };
        return true;
    }

    /// <summary>
    /// Whether <paramref name="token"/> is the one spelling <see cref="Issue"/> gives these bytes. The decoder also takes
    /// padding, white space and other low bits in the last character; a token must not have two spellings, or a
    /// service that was told of one (External token management) would not know the other.
    /// </summary>
    private static bool IsCanonical(ReadOnlySpan<char> token, ReadOnlySpan<byte> data)
    {
        if (token.Length != Base64Url.GetEncodedLength(data.Length))
            return false;
        var tail = data.Length % 3;
        if (tail == 0)
            return true;
        Span<char> last = stackalloc char[4];
        var chars = Base64Url.EncodeToChars(data[^tail..], last);
        return token[^chars..].SequenceEqual(last[..chars]);
    }

    /// <summary>
    /// HMAC-SHA256 with keyed HMACs kept per thread: a check does not set the HMAC up from its key again (with OpenSSL
    /// that set-up costs about as much as hashing a token). An <see cref="IncrementalHash"/> is not thread-safe, so each
    /// thread keeps its own, for the last few keys it verified with (the current key, and those of tokens still signed
    /// with an older one), and each is reset after every token. Which keys are valid is the ring's to say: a key enters
    /// here only after the ring returned it, and is found by its bytes, so a ring with other secrets under the same ids
    /// never reuses another key's HMAC.
    /// </summary>
    private sealed class KeyedMac : IDisposable
    {
        private const int PerThread = 4;

        [ThreadStatic]
        private static KeyedMac?[]? _cache;

        private readonly byte[] _secret;
        private readonly IncrementalHash _hash;

        private KeyedMac(byte[] secret)
        {
            _secret = [.. secret];
            _hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        }

        public void Dispose()
        {
            _hash.Dispose();
            CryptographicOperations.ZeroMemory(_secret);
        }

        /// <summary>Writes the HMAC of <paramref name="data"/> under <paramref name="secret"/> to <paramref name="mac"/>; no allocation once this thread has the key.</summary>
        public static void Compute(byte[] secret, ReadOnlySpan<byte> data, Span<byte> mac)
        {
            var cache = _cache ??= new KeyedMac?[PerThread];
            var slot = -1;
            for (var i = 0; i < cache.Length; i++)
            {
                if (cache[i] is { } cached && cached._secret.AsSpan().SequenceEqual(secret))
                {
                    slot = i;
                    break;
                }
            }
            if (slot < 0)
            {
                // The least recently added key makes way: keys change rarely.
                cache[^1]?.Dispose();
                Array.Copy(cache, 0, cache, 1, PerThread - 1);
                cache[0] = new KeyedMac(secret);
                slot = 0;
            }
            var keyed = cache[slot]!;
            try
            {
                keyed._hash.AppendData(data);
                if (!keyed._hash.TryGetHashAndReset(mac, out var written) || written != MacLength)
                    throw new CryptographicException("The HMAC did not fit its buffer.");
            }
            catch
            {
                // Its state is unknown now: never used again.
                cache[slot] = null;
                keyed.Dispose();
                throw;
            }
        }
    }
}
