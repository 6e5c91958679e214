using System.Collections.Immutable;
using Portal.Domain.Common;
using Portal.Domain.Providers;

namespace Portal.Domain.Engine;

/// <summary>What the engine needs of a provider on every request, immutable.</summary>
public sealed record ProviderRuntime(
    Guid Id,
    string Name,
    bool Enabled,
    GrantTypes GrantTypes,
    ClientTypes ClientTypes,
    IReadOnlySet<string> Scopes,
    int AccessTokenTtl,
    bool RefreshTokensEnabled,
    int RefreshTokenCount,
    int RefreshTokenTtl,
    int? MaxConsentTtl,
    bool IntrospectionEnabled,
    bool NameLocked,
    GatewayType GatewayType = GatewayType.ApiGateway)
{
    public static ProviderRuntime From(OAuthProvider p) => new(
        p.Id, p.Name, p.Enabled, p.GrantTypes, p.ClientTypes, p.Scopes.Select(s => s.Name).ToImmutableHashSet(StringComparer.Ordinal),
        p.AccessTokenTtl, p.RefreshTokensEnabled, p.RefreshTokenCount, p.RefreshTokenTtl, p.MaxConsentEnabled ? p.MaxConsentTtl : null,
        p.IntrospectionEnabled, p.IsNameLocked, p.GatewayType);
}

/// <summary>
/// Every provider by name, as the engine's endpoints read them: replaced whole on each saved change, so a request sees
/// the settings saved a moment ago and never half a change. Filled from the database at start-up.
/// </summary>
public sealed class ProviderSnapshots : SerialWriter
{
    private ImmutableDictionary<string, ProviderRuntime> _byName = ImmutableDictionary.Create<string, ProviderRuntime>(StringComparer.Ordinal);

    public ProviderRuntime? Find(string name) => Volatile.Read(ref _byName).GetValueOrDefault(name);

    public IEnumerable<ProviderRuntime> All => Volatile.Read(ref _byName).Values;

    public void Publish(OAuthProvider provider) =>
        ImmutableInterlocked.Update(ref _byName, (all, p) => all.RemoveRange(all.Values.Where(v => v.Id == p.Id).Select(v => v.Name)).SetItem(p.Name, p),
            ProviderRuntime.From(provider));

    public void Remove(Guid providerId) =>
        ImmutableInterlocked.Update(ref _byName, (all, id) => all.RemoveRange(all.Values.Where(v => v.Id == id).Select(v => v.Name)), providerId);

    public void Load(IEnumerable<OAuthProvider> providers) =>
        Volatile.Write(ref _byName, providers.Select(ProviderRuntime.From).ToImmutableDictionary(p => p.Name, StringComparer.Ordinal));
}
