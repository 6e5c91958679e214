using System.Text;
using Portal.Domain.Engine.External;

namespace Portal.Tests.Domain.External;

public sealed class RevocationListDocumentTests
{
    private static (IReadOnlyList<RevocationListEntry> Entries, string? Problem) Parse(string xml) =>
        RevocationListDocument.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void TheSpecsExample_IsRead()
    {
        var (entries, problem) = Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <oauth-revocation>
              <revoke client-id="c0ffee01"/>                               <!-- every token of this client -->
              <revoke client-id="c0ffee02" resource-owner="laura"/>        <!-- laura's grant only -->
              <revoke client-id="c0ffee02" resource-owner="emily" not-before="1735689600"/>
            </oauth-revocation>
            """);

        Assert.Null(problem);
        Assert.Equal([new("c0ffee01", null, null), new("c0ffee02", "laura", null), new("c0ffee02", "emily", 1735689600)], entries);
    }

    [Theory]
    [InlineData("<oauth-revocation/>", null)]
    [InlineData("<revocations/>", "not an <oauth-revocation> list")]
    [InlineData("<oauth-revocation><revoke/></oauth-revocation>", "no client-id")]
    [InlineData("<oauth-revocation><grant client-id='a'/></oauth-revocation>", "<grant> is not part")]
    [InlineData("<oauth-revocation><revoke client-id='a' not-before='yesterday'/></oauth-revocation>", "not a time")]
    [InlineData("<oauth-revocation><revoke client-id='a'>", "not well-formed")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><oauth-revocation><revoke client-id='&e;'/></oauth-revocation>", "DTD")]
    public void WhatIsWrong_IsSaid(string xml, string? problem)
    {
        var (entries, found) = Parse(xml);

        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains(problem, found);
        Assert.Empty(entries);
    }

    [Fact]
    public void ADocumentOverTheLimit_IsRefused()
    {
        var xml = "<oauth-revocation>" + new string(' ', RevocationListDocument.MaxCharacters) + "</oauth-revocation>";

        Assert.Contains("larger than 4 MB", Parse(xml).Problem);
    }

    [Fact]
    public void AnEntryWithoutNotBefore_KeepsTheTimeItWasFirstSeen()
    {
        var lists = new RevocationLists();
        var provider = Guid.NewGuid();
        var first = DateTimeOffset.FromUnixTimeSeconds(1_000);

        lists.Apply(provider, [new("c1", null, null), new("c2", "laura", null)], first);
        lists.Apply(provider, [new("c1", null, null), new("c2", "laura", null)], first.AddSeconds(60));

        Assert.True(lists.Revoked(provider, "c1", null, 1_000));
        Assert.False(lists.Revoked(provider, "c1", null, 1_001));
        Assert.True(lists.Revoked(provider, "c2", "laura", 1_000));
        Assert.False(lists.Revoked(provider, "c2", "emily", 1_000));
        Assert.False(lists.Revoked(provider, "c2", null, 1_000));
    }

    [Fact]
    public void AFailedPoll_KeepsTheListInForce_AndSaysWhy()
    {
        var lists = new RevocationLists();
        var provider = Guid.NewGuid();
        lists.Apply(provider, [new("c1", null, 5_000)], DateTimeOffset.FromUnixTimeSeconds(1_000));

        lists.Failed(provider, "HTTP 500", DateTimeOffset.FromUnixTimeSeconds(2_000));

        Assert.True(lists.Revoked(provider, "c1", null, 4_999));
        Assert.Equal("HTTP 500", lists.Status(provider)!.LastProblem);
        Assert.Equal(1, lists.Status(provider)!.Entries);
    }
}
