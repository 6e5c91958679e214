using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace Portal.Benchmarks;

/// <summary>
/// For reference next to <see cref="TokenCheckBenchmarks"/>: what the HMAC-SHA256 of one token costs alone, with the
/// one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/> (what <c>TokenCodec.Issue</c> uses, and <c>TryRead</c> used
/// to) and with a keyed HMAC kept and reset between tokens (<see cref="IncrementalHash"/>, what <c>TokenCodec.TryRead</c>
/// keeps per thread now), which skips the per-call set-up.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TokenCheckMacBenchmarks
{
    // What a token of the check benchmarks MACs: 137 bytes decoded, less the 32-byte MAC.
    private const int SignedLength = 105;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(SignedLength);
    private readonly byte[] _mac = new byte[32];
    private IncrementalHash _keyed = null!;

    [GlobalSetup]
    public void Setup() => _keyed = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);

    [GlobalCleanup]
    public void Cleanup() => _keyed.Dispose();

    [Benchmark(Description = "HMACSHA256.HashData (one-shot, as Issue)")]
    public int OneShot() => HMACSHA256.HashData(_key, _data, _mac);

    [Benchmark(Description = "IncrementalHash HMAC, kept and reset (as TryRead)")]
    public bool KeptAndReset()
    {
        _keyed.AppendData(_data);
        return _keyed.TryGetHashAndReset(_mac, out _);
    }

    [Benchmark(Description = "SHA256.HashData (one-shot, no key)")]
    public int Sha256OneShot() => SHA256.HashData(_data, _mac);
}
