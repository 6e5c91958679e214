using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Xml;
using Portal.Domain.TokenManagement;

namespace Portal.Domain.Engine.External;

/// <summary>One <c>revoke</c> element of a v5 revocation list (spec §5.3); <see cref="NotBefore"/> null means "when first seen".</summary>
public sealed record RevocationListEntry(string ClientId, string? ResourceOwner, long? NotBefore);

/// <summary>
/// Reads the <c>&lt;oauth-revocation&gt;</c> document of spec §5.3, refusing anything but that: no DTD (so no entity
/// expansion and nothing fetched from elsewhere), a size limit, and a clear message for what is wrong.
/// </summary>
public static class RevocationListDocument
{
    /// <summary>The largest document read: about 50,000 entries.</summary>
    public const int MaxCharacters = 4 * 1024 * 1024;

    public static (IReadOnlyList<RevocationListEntry> Entries, string? Problem) Parse(Stream document)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            Async = false,
        };
        var entries = new List<RevocationListEntry>();
        try
        {
            using var reader = XmlReader.Create(document, settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "oauth-revocation")
                return ([], "The document is not an <oauth-revocation> list.");
            if (reader.IsEmptyElement)
                return ([], null);
            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                if (reader.LocalName != "revoke")
                    return ([], $"<{reader.LocalName}> is not part of an <oauth-revocation> list: only <revoke> elements are.");
                var clientId = reader.GetAttribute("client-id");
                if (string.IsNullOrWhiteSpace(clientId))
                    return ([], "A <revoke> element has no client-id.");
                var owner = reader.GetAttribute("resource-owner");
                long? notBefore = null;
                if (reader.GetAttribute("not-before") is { } text)
                {
                    if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var at))
                        return ([], $"not-before=\"{text}\" is not a time in seconds since 1970.");
                    notBefore = at;
                }
                entries.Add(new RevocationListEntry(clientId.Trim(), string.IsNullOrWhiteSpace(owner) ? null : owner.Trim(), notBefore));
                reader.Skip();
            }
            return (entries, null);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            return ([], "The document has a DTD, which is refused: DTDs can expand entities without bound or fetch files.");
        }
        catch (XmlException e) when (e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return ([], $"The document is larger than {MaxCharacters / (1024 * 1024)} MB.");
        }
        catch (XmlException e)
        {
            return ([], $"The document is not well-formed XML (line {e.LineNumber}): {e.Message}");
        }
    }
}

/// <summary>The state of one provider's polled list, for the health panel.</summary>
public sealed record RevocationListStatus(DateTimeOffset? LastSuccessAt, int Entries, string? LastProblem, DateTimeOffset? LastProblemAt);

/// <summary>
/// The v5 revocation lists in force, one per provider (spec §5.3): a token of a listed client, or of a listed
/// resource owner's grant to it, issued at or before the entry's time is revoked. A failed poll keeps the last good list.
/// </summary>
public sealed class RevocationLists
{
    /// <param name="FailClosed">No good list yet since the start or the settings change, and the provider fails on errors: every token is refused.</param>
    private sealed record Snapshot(
        FrozenDictionary<string, long> Clients, FrozenDictionary<(string ClientId, string Owner), long> Owners, RevocationListStatus Status, bool FailClosed = false)
    {
        public static readonly Snapshot Empty = new(FrozenDictionary<string, long>.Empty, FrozenDictionary<(string, string), long>.Empty,
            new RevocationListStatus(null, 0, null, null));
    }

    private readonly ConcurrentDictionary<Guid, Snapshot> _providers = new();

    // Whether any provider ever polled: for all others the hot path's check is one field read (IsEmpty would lock).
    private volatile bool _any;

    /// <summary>Whether the provider's list revokes a token of this client (and owner, for a grant's token) issued then.</summary>
    public bool Revoked(Guid providerId, ReadOnlySpan<char> clientId, string? owner, long issuedAt)
    {
        if (!_any || !_providers.TryGetValue(providerId, out var list))
            return false;
        if (list.FailClosed)
            return true;
        if (list.Clients.Count > 0 && list.Clients.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(clientId, out var client) && issuedAt <= client)
            return true;
        return owner is not null && list.Owners.Count > 0 && list.Owners.TryGetValue((clientId.ToString(), owner), out var at) && issuedAt <= at;
    }

    public RevocationListStatus? Status(Guid providerId) => _providers.TryGetValue(providerId, out var list) ? list.Status : null;

    /// <summary>
    /// Puts a freshly polled list in force. An entry without <c>not-before</c> keeps the time it was first seen, so a
    /// list that repeats it poll after poll does not revoke the tokens issued in between.
    /// </summary>
    public void Apply(Guid providerId, IReadOnlyList<RevocationListEntry> entries, DateTimeOffset polledAt)
    {
        var previous = _providers.GetValueOrDefault(providerId) ?? Snapshot.Empty;
        var now = polledAt.ToUnixTimeSeconds();
        var clients = new Dictionary<string, long>(StringComparer.Ordinal);
        var owners = new Dictionary<(string, string), long>();
        foreach (var entry in entries)
        {
            if (entry.ResourceOwner is null)
            {
                var at = entry.NotBefore ?? previous.Clients.GetValueOrDefault(entry.ClientId, now);
                clients[entry.ClientId] = Math.Max(at, clients.GetValueOrDefault(entry.ClientId, long.MinValue));
            }
            else
            {
                var key = (entry.ClientId, entry.ResourceOwner);
                var at = entry.NotBefore ?? previous.Owners.GetValueOrDefault(key, now);
                owners[key] = Math.Max(at, owners.GetValueOrDefault(key, long.MinValue));
            }
        }
        _providers[providerId] = new Snapshot(clients.ToFrozenDictionary(StringComparer.Ordinal), owners.ToFrozenDictionary(),
            new RevocationListStatus(polledAt, entries.Count, previous.Status.LastProblem, previous.Status.LastProblemAt));
        _any = true;
    }

    /// <summary>
    /// A provider starts polling (at start-up, or after its settings changed): until its first good list, its tokens
    /// are refused if it fails on errors, and stand on their own otherwise (spec §4 <c>failOnError</c>).
    /// </summary>
    public void Expect(Guid providerId, bool failOnError)
    {
        _providers.AddOrUpdate(providerId,
            _ => Snapshot.Empty with { FailClosed = failOnError },
            (_, list) => list.Status.LastSuccessAt is null ? list with { FailClosed = failOnError } : list);
        _any = true;
    }

    /// <summary>Records a failed poll; the list in force stays as it was.</summary>
    public void Failed(Guid providerId, string problem, DateTimeOffset at)
    {
        _providers.AddOrUpdate(providerId,
            _ => Snapshot.Empty with { Status = new RevocationListStatus(null, 0, problem, at) },
            (_, list) => list with { Status = list.Status with { LastProblem = problem, LastProblemAt = at } });
        _any = true;
    }

    /// <summary>The provider no longer polls a list (its settings changed, or it was deleted).</summary>
    public void Remove(Guid providerId) => _providers.TryRemove(providerId, out _);

    public IEnumerable<Guid> Providers => _providers.Keys;
}

/// <summary>Polls a v5 provider's list and puts it in force (spec §5.3); a failed poll keeps the last good list.</summary>
public sealed class RevocationListPolling(IExternalTokenService service, RevocationLists lists, ExternalStatistics statistics, TimeProvider time)
{
    /// <returns>Whether a good list was fetched and put in force, and the list's state now.</returns>
    public async Task<(bool Applied, RevocationListStatus Status)> PollAsync(TokenManagementPolicy policy, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (entries, problem) = await service.FetchRevocationListAsync(policy, ct);
        var now = time.GetUtcNow();
        statistics.Of(policy.ProviderId).Called(System.Diagnostics.Stopwatch.GetElapsedTime(started), problem, now);
        if (entries is not null)
            lists.Apply(policy.ProviderId, entries, now);
        else
            lists.Failed(policy.ProviderId, problem ?? "The list could not be fetched.", now);
        return (entries is not null, lists.Status(policy.ProviderId)!);
    }
}
