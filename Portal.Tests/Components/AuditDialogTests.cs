using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Access;
using Portal.Components.Shared;
using Portal.Domain.Access;
using Portal.Domain.Audit;

namespace Portal.Tests.Components;

public sealed class AuditDialogTests : PortalComponentTest
{
    private static readonly ProviderVersion Version = new(7, new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc), "ana@test.local", AuditActions.Updated,
        "Token management: Cache TTL 900 → 300", [], []);

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> ShowAsync<TDialog>(DialogParameters<TDialog> parameters)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var provider = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await Services.GetRequiredService<IDialogService>().ShowAsync<TDialog>("Title", parameters));
        return (provider, dialog!);
    }

    [Fact]
    public async Task RestoreDialog_ListsEveryChange_SaysTheSecretIsKept_AndConfirms()
    {
        var preview = new RestorePreview(Version,
            [new VersionField("Token management", "CacheTtl", "Cache TTL", "300", "900"), new VersionField("Settings", "AccessTokenTtl", "Access token TTL", "600", "3600")],
            ["the external token management password"], Guid.NewGuid(), Guid.NewGuid());

        var (provider, dialog) = await ShowAsync(new DialogParameters<RestoreDialog> { { d => d.Preview, preview } });

        Assert.Equal(["CacheTtl", "AccessTokenTtl"], provider.FindAll("#restore-changes tbody tr").Select(r => r.GetAttribute("data-field")));
        Assert.Equal(["Token management", "Cache TTL", "300", "900"],
            provider.FindAll("#restore-changes tr[data-field=CacheTtl] td").Select(c => c.TextContent.Trim()));
        Assert.Contains("the external token management password stays as it is now", provider.Find("#restore-secrets").TextContent);
        await provider.Find("#restore-confirm").ClickAsync(new());
        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(true, result.Data);
    }

    [Fact]
    public async Task RestoreDialog_OfTheCurrentConfiguration_OffersNothingToRestore()
    {
        var (provider, _) = await ShowAsync(new DialogParameters<RestoreDialog> { { d => d.Preview, new RestorePreview(Version, [], ["the password"], Guid.NewGuid(), Guid.Empty) } });

        Assert.NotNull(provider.Find("#restore-nothing"));
        Assert.True(provider.Find("#restore-confirm").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RecordDialog_PutsChangedFieldsFirst_Highlighted_WithSecretsOnlyAsChanged()
    {
        var before = new AuditState(new JsonObject { ["Type"] = "Native", ["Password"] = "protected-1", ["CacheTtl"] = 900 }, new HashSet<string> { "Password" });
        var after = new AuditState(new JsonObject { ["Type"] = "External", ["Password"] = "protected-2", ["CacheTtl"] = 900 }, new HashSet<string> { "Password" });
        var record = AuditEntry.Create(new Actor("u1", "ana@test.local", new HashSet<string>(), false) { ClientIp = "198.51.100.4" }, AuditActions.Updated,
            new AuditSubject(AuditEntityTypes.TokenManagement, "p1", "Orders API"), before, after, DateTime.UtcNow)! with
        { Sequence = 12 };

        var (provider, _) = await ShowAsync(new DialogParameters<AuditRecordDialog> { { d => d.Record, record } });

        var rows = provider.FindAll("#record-diff tbody tr");
        Assert.Equal(["Type", "Password", "CacheTtl"], rows.Select(r => r.GetAttribute("data-field")));
        Assert.Equal(["true", "true", "false"], rows.Select(r => r.GetAttribute("data-changed")));
        Assert.All(rows.Take(2), r => Assert.Contains("portal-changed", r.ClassName));
        Assert.Equal(["Password", "[changed]", "[changed]"], rows[1].QuerySelectorAll("td").Select(c => c.TextContent));
        Assert.DoesNotContain("protected-", provider.Markup);
        Assert.Contains("ana@test.local (198.51.100.4)", provider.Find("#record-facts").TextContent);
    }
}
