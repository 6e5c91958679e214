using Portal.Domain.Audit;

namespace Portal.Tests.Domain.Audit;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("", "")]
    public void Cell_EscapesAndDefusesFormulas(string value, string expected) => Assert.Equal(expected, Csv.Cell(value));

    [Fact]
    public void Row_JoinsEscapedCells() =>
        Assert.Equal("a,\"b,c\",'=1", Csv.Row(["a", "b,c", "=1"]));
}
