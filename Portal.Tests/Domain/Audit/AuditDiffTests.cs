using System.Text.Json.Nodes;
using Portal.Domain.Audit;

namespace Portal.Tests.Domain.Audit;

public sealed class AuditDiffTests
{
    private static readonly HashSet<string> Secrets = ["password"];

    [Fact]
    public void Compute_ListsExactlyTheChangedFields_AndNeverASecretValue()
    {
        var before = JsonNode.Parse("""{"type":"Native","cacheTtl":900,"password":"old-secret","endpoint":""}""")!.AsObject();
        var after = JsonNode.Parse("""{"type":"External","cacheTtl":300,"password":"new-secret","endpoint":""}""")!.AsObject();

        var changes = AuditDiff.Compute(before, after, Secrets);

        Assert.Equal(["type", "cacheTtl", "password"], changes.Select(c => c.Field));
        Assert.Equal(("\"Native\"", "\"External\""), (changes[0].Before, changes[0].After));
        Assert.Equal((AuditDiff.Changed, AuditDiff.Changed), (changes[2].Before, changes[2].After));
        Assert.DoesNotContain(changes, c => (c.Before + c.After).Contains("secret"));
    }

    [Fact]
    public void Compute_CreatedAndDeletedEntities_ListEveryField()
    {
        var snapshot = JsonNode.Parse("""{"title":"Orders","ttl":3600}""")!.AsObject();

        Assert.Equal(2, AuditDiff.Compute(null, snapshot, Secrets).Count);
        Assert.All(AuditDiff.Compute(snapshot, null, Secrets), c => Assert.Null(c.After));
    }

    [Fact]
    public void Mask_ReplacesSecretValues()
    {
        var masked = AuditDiff.Mask(JsonNode.Parse("""{"password":"p4ss","user":"u"}""")!.AsObject(), Secrets);

        Assert.Equal("""{"password":"[redacted]","user":"u"}""", masked.ToJsonString());
    }
}
