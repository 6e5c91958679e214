using System.Buffers.Text;
using System.Security.Cryptography;
using Portal.Domain.Engine;

namespace Portal.Tests.OAuth;

/// <summary>
/// The token codec on its own: what it verifies with its per-thread keyed HMACs (several keys, keys changing under the
/// same id, refused tokens in between, many threads) and that a check allocates nothing once the thread has the key.
/// </summary>
public sealed class TokenCodecTests
{
    private const string Scope = "orders:read orders:write";

    private static string Issue(TokenKey key, Guid? tokenId = null) =>
        TokenCodec.Issue(key, TokenKind.Access, tokenId ?? Guid.NewGuid(), Guid.NewGuid(), 1_700_000_000, 1_700_003_600, "client-a", Scope);

    private static TokenKey NewKey(int id) => new(id, RandomNumberGenerator.GetBytes(32));

    private static bool Reads(string token, TokenKeyRing ring) => Reads(token, ring, out _);

    private static bool Reads(string token, TokenKeyRing ring, out Guid tokenId)
    {
        Span<byte> buffer = stackalloc byte[TokenCodec.MaxDecodedLength];
        var read = TokenCodec.TryRead(token, ring, buffer, out var view);
        tokenId = read ? view.TokenId : default;
        return read;
    }

    private static string Tampered(string token, int fromEnd)
    {
        var bytes = Base64Url.DecodeFromChars(token);
        bytes[^fromEnd] ^= 1;
        return Base64Url.EncodeToString(bytes);
    }

    [Fact]
    public void ReadsWhatItIssued_AndRefusesAChangedByteOrMac_WithoutSpoilingTheNextCheck()
    {
        var key = NewKey(1);
        var ring = new TokenKeyRing([key]);
        var id = Guid.NewGuid();
        var token = Issue(key, id);

        Assert.True(Reads(token, ring, out var read));
        Assert.Equal(id, read);
        Assert.False(Reads(Tampered(token, 40), ring)); // a scope byte
        Assert.False(Reads(Tampered(token, 1), ring)); // the MAC
        Assert.True(Reads(token, ring));
        Assert.False(Reads(token[..^4], ring)); // cut short: refused before the MAC
        Assert.True(Reads(token, ring));
    }

    [Fact]
    public void ATokenHasOneSpelling_PaddingWhiteSpaceAndSpareBitsAreRefused()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var key = NewKey(1);
        var ring = new TokenKeyRing([key]);
        var token = Issue(key);
        // 137 bytes: the last character carries 2 spare bits, which must be zero.
        var spareBits = token[..^1] + alphabet[alphabet.IndexOf(token[^1]) | 1];

        Assert.True(Reads(token, ring));
        Assert.False(Reads(spareBits, ring));
        Assert.False(Reads(token + "=", ring));
        Assert.False(Reads(token[..50] + " " + token[50..], ring));
        Assert.False(Reads(token[..50] + "\r\n" + token[50..], ring));
    }

    [Fact]
    public void VerifiesWithEveryKeyOfTheRing_MoreKeysThanAThreadKeeps_Interleaved()
    {
        var keys = Enumerable.Range(1, 7).Select(NewKey).ToList();
        var ring = new TokenKeyRing(keys);
        var tokens = keys.Select(k => Issue(k)).ToList();

        for (var round = 0; round < 3; round++)
        {
            foreach (var token in tokens)
                Assert.True(Reads(token, ring));
            foreach (var token in Enumerable.Reverse(tokens))
                Assert.True(Reads(token, ring));
        }
        Assert.False(Reads(Issue(NewKey(8)), ring)); // a key the ring does not have
    }

    [Fact]
    public void ARingWithAnotherSecretUnderTheSameId_RefusesTheOldKeysTokens()
    {
        var old = NewKey(1);
        var token = Issue(old);
        Assert.True(Reads(token, new TokenKeyRing([old])));

        var replaced = new TokenKeyRing([NewKey(1)]);

        Assert.False(Reads(token, replaced));
        Assert.True(Reads(token, new TokenKeyRing([new TokenKey(1, [.. old.Secret])]))); // the same bytes in another array
    }

    [Fact]
    public void ManyThreadsAtOnce_EachTokenReadsAsItself()
    {
        var keys = new[] { NewKey(1), NewKey(2) };
        var ring = new TokenKeyRing(keys);
        var ids = Enumerable.Range(0, 64).Select(_ => Guid.NewGuid()).ToArray();
        var tokens = ids.Select((id, i) => Issue(keys[i % 2], id)).ToArray();
        var forged = tokens.Select(t => Tampered(t, 40)).ToArray();
        var failures = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var n = i % tokens.Length;
            if (!Reads(tokens[n], ring, out var id) || id != ids[n] || Reads(forged[n], ring))
                Interlocked.Increment(ref failures);
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void AllocatesNothing_OnceTheThreadHasTheKey()
    {
        var key = NewKey(1);
        var ring = new TokenKeyRing([key]);
        var token = Issue(key);
        var forged = Tampered(token, 1);
        Assert.True(Reads(token, ring));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Reads(token, ring);
            Reads(forged, ring);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
