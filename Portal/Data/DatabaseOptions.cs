using System.ComponentModel.DataAnnotations;

namespace Portal.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SQLite file; a relative path is resolved against the app's content root.</summary>
    [Required]
    public string Path { get; set; } = "data/portal.db";

    /// <summary>How long a writer waits for another writer's lock before giving up (SQLite <c>busy_timeout</c>).</summary>
    [Range(0, 600_000)]
    public int BusyTimeoutMs { get; set; } = 5000;
}
