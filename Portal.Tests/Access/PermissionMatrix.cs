using Portal.Domain.Access;

namespace Portal.Tests.Access;

/// <summary>The role × action matrix of docs/permissions.md, read from the document itself.</summary>
public static class PermissionMatrix
{
    public const string CustomSettingsManager = "Custom (Settings:Manage)";

    public static IReadOnlyList<string> Actions => Cells.Select(c => c.Action).Distinct().ToList();

    public static IReadOnlyList<(string Action, string Role, bool Allowed)> Cells { get; } = Read();

    /// <summary>Every cell, for xunit theories.</summary>
    public static TheoryData<string, string, bool> All()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (action, role, allowed) in Cells)
            data.Add(action, role, allowed);
        return data;
    }

    /// <summary>The permissions of a matrix column.</summary>
    public static IReadOnlySet<string> PermissionsOf(string column) => column == CustomSettingsManager
        ? new HashSet<string> { Permissions.SettingsManage.Name }
        : BuiltInRoles.All.Single(r => r.Name == column).Permissions;

    private static List<(string, string, bool)> Read()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "permissions.md");
        var lines = File.ReadAllLines(path);
        var start = Array.FindIndex(lines, l => l.Trim() == "## Matrix");
        var table = lines.Skip(start).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        var header = Split(table[0]);
        var cells = new List<(string, string, bool)>();
        foreach (var row in table.Skip(2).Select(Split))
        {
            for (var column = 1; column < header.Length; column++)
            {
                var allowed = row[column] switch
                {
                    "yes" => true,
                    "no" => false,
                    var other => throw new InvalidDataException($"docs/permissions.md: '{other}' in row '{row[0]}' is neither yes nor no"),
                };
                cells.Add((row[0], header[column], allowed));
            }
        }
        if (cells.Count == 0)
            throw new InvalidDataException("docs/permissions.md has no matrix");
        return cells;
    }

    private static string[] Split(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
