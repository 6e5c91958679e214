namespace Portal.Domain.Audit;

/// <summary>CSV cells that a spreadsheet reads as text, never as a formula (OWASP CSV injection).</summary>
public static class Csv
{
    public static string Cell(string? value)
    {
        value ??= "";
        // A leading =, +, -, @, tab or carriage return starts a formula in Excel and LibreOffice.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }

    public static string Row(IEnumerable<string?> cells) => string.Join(",", cells.Select(Cell));
}
