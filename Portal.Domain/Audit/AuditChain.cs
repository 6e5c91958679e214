using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Audit;

/// <summary>What "Verify history" reports: intact with a count, or the first record where the chain breaks and why.</summary>
public sealed record ChainVerdict(bool Intact, int Count, long? BrokenAt, string Message);

/// <summary>The SHA-256 hash chain over audit records.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    // Independent of DateTime.Kind, which a database does not keep; seven digits keep every tick.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff";

    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Seals a record: its hash covers every field and the previous record's hash.</summary>
    public static AuditRecord Seal(AuditRecord record, string previousHash)
    {
        var linked = record with { PreviousHash = previousHash };
        return linked with { Hash = ComputeHash(linked) };
    }

    /// <summary>
    /// SHA-256 of the canonical content: every field, length-prefixed so that no two different records can produce
    /// the same bytes by moving text from one field to the next.
    /// </summary>
    public static string ComputeHash(AuditRecord r)
    {
        var canonical = new StringBuilder();
        foreach (var field in new[]
        {
            r.Sequence.ToString(CultureInfo.InvariantCulture), r.AtUtc.ToString(TimeFormat, CultureInfo.InvariantCulture),
            r.ActorId, r.ActorEmail, r.ClientIp, r.Action, r.EntityType, r.EntityId, r.EntityName,
            r.BeforeJson, r.AfterJson, r.DiffJson, r.PreviousHash,
        })
        {
            canonical.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(';');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Checks records in sequence order; finds a modified, deleted, inserted or reordered record.</summary>
    public static ChainVerdict Verify(IEnumerable<AuditRecord> records)
    {
        var checker = new Checker();
        foreach (var record in records)
        {
            if (checker.Check(record) is { } broken)
                return broken;
        }
        return checker.Intact;
    }

    /// <summary>As <see cref="Verify(IEnumerable{AuditRecord})"/>, reading the records as they come.</summary>
    public static async Task<ChainVerdict> VerifyAsync(IAsyncEnumerable<AuditRecord> records, CancellationToken ct = default)
    {
        var checker = new Checker();
        await foreach (var record in records.WithCancellation(ct))
        {
            if (checker.Check(record) is { } broken)
                return broken;
        }
        return checker.Intact;
    }

    private sealed class Checker
    {
        private string _previousHash = Genesis;
        private long? _previousSequence;
        private int _count;

        public ChainVerdict Intact => new(true, _count, null, $"intact, {_count} records");

        public ChainVerdict? Check(AuditRecord record)
        {
            if (_previousSequence is { } last && record.Sequence != last + 1)
                return Broken(record, _count, $"record {record.Sequence} follows record {last}: records are missing or out of order");
            if (record.PreviousHash != _previousHash)
                return Broken(record, _count, $"record {record.Sequence} does not continue the chain: a record before it was changed, removed or moved");
            if (ComputeHash(record) != record.Hash)
                return Broken(record, _count, $"record {record.Sequence} was changed after it was written");
            _previousHash = record.Hash;
            _previousSequence = record.Sequence;
            _count++;
            return null;
        }
    }

    private static ChainVerdict Broken(AuditRecord record, int count, string why) =>
        new(false, count, record.Sequence, $"broken at {why}");
}
