using Portal.Domain.Providers;

namespace Portal.Tests.TestData;

/// <summary>Valid inputs to start from; a test changes the one thing it is about.</summary>
internal static class Build
{
    public static ProviderInput Provider(string title = "Orders API", string? name = null) => new()
    {
        Title = title,
        Name = name ?? Slug.FromTitle(title),
        Description = "Issues tokens for the orders service.",
        GrantTypes = GrantTypes.AccessCode | GrantTypes.Application,
        Scopes =
        [
            new ScopeInput { Name = "orders:read", Description = "Read orders" },
            new ScopeInput { Name = "orders:write", Description = "Place orders" },
        ],
    };
}
