using Portal.Domain.Audit;

namespace Portal.Tests.Domain.Audit;

public sealed class AuditChainTests
{
    private static List<AuditRecord> Chain(int count)
    {
        var records = new List<AuditRecord>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var sealedRecord = AuditChain.Seal(new AuditRecord
            {
                Sequence = i,
                AtUtc = new DateTime(2026, 11, 27, 12, 0, i, DateTimeKind.Utc),
                ActorId = "u1",
                ActorEmail = "owner@test.local",
                ClientIp = "127.0.0.1",
                Action = "ProviderUpdated",
                EntityType = "OAuthProvider",
                EntityId = "p1",
                EntityName = "Orders",
                BeforeJson = $$"""{"accessTokenTtl":{{i}}}""",
                AfterJson = $$"""{"accessTokenTtl":{{i + 1}}}""",
                DiffJson = "[]",
                PreviousHash = "",
            }, previous);
            records.Add(sealedRecord);
            previous = sealedRecord.Hash;
        }
        return records;
    }

    [Fact]
    public void Verify_UntouchedChain_IsIntactWithItsCount()
    {
        var verdict = AuditChain.Verify(Chain(5));

        Assert.True(verdict.Intact);
        Assert.Equal("intact, 5 records", verdict.Message);
    }

    [Fact]
    public void Verify_ModifiedRecord_IsReportedAtThatRecord()
    {
        var records = Chain(5);
        records[2] = records[2] with { AfterJson = """{"accessTokenTtl":99999}""" };

        var verdict = AuditChain.Verify(records);

        Assert.False(verdict.Intact);
        Assert.Equal(3, verdict.BrokenAt);
        Assert.Contains("changed after it was written", verdict.Message);
    }

    [Fact]
    public void Verify_DeletedRecord_IsReportedWhereTheGapIs()
    {
        var records = Chain(5);
        records.RemoveAt(2);

        var verdict = AuditChain.Verify(records);

        Assert.False(verdict.Intact);
        Assert.Equal(4, verdict.BrokenAt);
    }

    [Fact]
    public void Verify_ReorderedRecords_AreReported()
    {
        var records = Chain(5);
        (records[1], records[2]) = (records[2], records[1]);

        Assert.False(AuditChain.Verify(records).Intact);
    }

    [Fact]
    public void Verify_RecordRewrittenWithANewHash_BreaksTheNextLink()
    {
        var records = Chain(5);
        var forged = records[1] with { EntityName = "Forged" };
        records[1] = forged with { Hash = AuditChain.ComputeHash(forged) };

        var verdict = AuditChain.Verify(records);

        Assert.False(verdict.Intact);
        Assert.Equal(3, verdict.BrokenAt);
    }

    [Fact]
    public void ComputeHash_MovingTextBetweenFields_ChangesTheHash()
    {
        var record = Chain(1)[0];

        // "ab" + "c" and "a" + "bc" read the same when fields are simply joined.
        var one = record with { ActorId = "ab", ActorEmail = "c" };
        var other = record with { ActorId = "a", ActorEmail = "bc" };

        Assert.NotEqual(AuditChain.ComputeHash(one), AuditChain.ComputeHash(other));
    }
}
