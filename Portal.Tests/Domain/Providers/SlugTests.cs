using Portal.Domain.Providers;

namespace Portal.Tests.Domain.Providers;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Orders API", "orders-api")]
    [InlineData("  Billing -- Internal  ", "billing-internal")]
    [InlineData("Café Crème/v2", "cafe-creme-v2")]
    [InlineData("OAuth 2.0 (prod)", "oauth-2-0-prod")]
    [InlineData("!!!", "")]
    [InlineData("", "")]
    public void FromTitle_MakesLowerCaseDashedName(string title, string expected) =>
        Assert.Equal(expected, Slug.FromTitle(title));

    [Fact]
    public void FromTitle_LongTitle_StopsAt64WithoutTrailingDash()
    {
        var slug = Slug.FromTitle(new string('a', 63) + " bcd");
        Assert.Equal(new string('a', 63), slug);
        Assert.True(Slug.FromTitle(new string('x', 200)).Length == 64);
    }
}
