using Microsoft.AspNetCore.Identity;

namespace Portal.Data;

public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled member cannot sign in, and their open sessions end.</summary>
    public bool IsEnabled { get; set; } = true;

    /// <summary>Set for an initial password someone else chose; cleared when the member picks their own.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastSignInAtUtc { get; set; }
}

public sealed class ApplicationRole : IdentityRole
{
    public string Description { get; set; } = "";

    public bool IsBuiltIn { get; set; }
}
