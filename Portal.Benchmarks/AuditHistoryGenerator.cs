using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Domain.Access;
using Portal.Domain.Audit;

namespace Portal.Benchmarks;

/// <summary>
/// A deterministic, realistic year of audit history: ~20 people, ~200 entities of all six types, actions as the
/// application writes them per type, snapshots and diffs built by <see cref="AuditEntry.Create"/> (secrets masked) and
/// sealed into one hash chain by <see cref="AuditChain.Seal"/>. Same seed, same records, same hashes.
/// </summary>
internal sealed class AuditHistoryGenerator
{
    public const int ActorCount = 20;

    /// <summary>The first record's time; the last one is about a year later.</summary>
    public static readonly DateTime StartUtc = new(2025, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly TimeSpan Period = TimeSpan.FromDays(365);

    private static readonly string[] FirstNames =
    [
        "alice", "bruno", "chloe", "david", "emma", "farid", "grace", "hugo", "ines", "jonas", "karin", "liam", "maria", "nils",
        "olga", "pavel", "quinn", "rosa", "sami", "tara", "ugo", "vera", "wim", "xenia", "yann", "zoe",
    ];

    private static readonly string[] LastNames =
    [
        "martin", "schmidt", "rossi", "novak", "dubois", "jensen", "kowalski", "silva", "meyer", "lopez", "nagy", "virtanen",
    ];

    /// <summary>Provider titles; the entity-name filter of the benchmarks searches for the start of one of them.</summary>
    public static readonly string[] ProviderTitles =
    [
        "Payments API", "Orders API", "Customer Profile", "Partner Onboarding", "Billing Gateway", "Inventory Sync",
        "Mobile Banking", "Loyalty Points", "Shipping Tracker", "Fraud Scoring", "Document Vault", "Notifications Hub",
        "Pricing Engine", "Claims Intake", "Identity Bridge", "Reporting Warehouse", "Catalog Search", "Checkout",
        "Returns Portal", "Tax Calculator", "Merchant Portal", "Open Banking PSD2", "HR Self Service", "Travel Booking",
        "Energy Metering", "Fleet Telemetry", "Insurance Quotes", "Ticketing", "Supplier Portal", "Card Issuing",
        "Payroll Export", "Analytics Events", "Chat Support", "Subscriptions", "Wallet", "Refunds", "Appointments",
        "Warranty Claims", "Public Data", "Internal Tools",
    ];

    private static readonly string[] RoleNames =
    [
        "Owner", "Administrator", "Auditor", "Provider editor", "Provider viewer", "Security officer", "Support desk",
        "Release manager", "Partner manager", "Read only", "Token operator", "TLS custodian",
    ];

    private static readonly string[] Permissions =
    [
        "providers.view", "providers.edit", "providers.delete", "token-management.view", "token-management.edit",
        "tls-profiles.view", "tls-profiles.edit", "members.view", "members.edit", "roles.view", "roles.edit", "audit.view",
        "audit.export",
    ];

    private static readonly string[] Descriptions =
    [
        "Tokens for the public REST API used by partner integrations.",
        "Internal consumers only; access codes with PKCE.",
        "Mobile apps (iOS and Android), public clients.",
        "Server-to-server calls from the data platform, client credentials.",
        "Legacy gateway profile kept for v5 clients until the migration ends.",
        "Pilot with two partners; review scopes before general availability.",
    ];

    private readonly Random _random = new(20_261_127);
    private readonly Person[] _people;
    private readonly Dictionary<string, Entity[]> _entities = [];

    public AuditHistoryGenerator()
    {
        // The first ActorCount people act (and sign in); the others are members that are only acted upon.
        _people = [.. Enumerable.Range(0, 60).Select(NewPerson)];
        var providers = ProviderTitles.Select(NewProvider).ToArray();
        _entities[AuditEntityTypes.Provider] = providers;
        _entities[AuditEntityTypes.TokenManagement] = [.. providers.Select(NewTokenManagement)];
        _entities[AuditEntityTypes.TlsProfile] = [.. Enumerable.Range(0, 20).Select(NewTlsProfile)];
        _entities[AuditEntityTypes.Role] = [.. RoleNames.Select(NewRole)];
        _entities[AuditEntityTypes.Member] = [.. _people.Select(NewMember)];
        _entities[AuditEntityTypes.RoleAssignment] = [.. Enumerable.Range(0, 30).Select(NewAssignment)];
    }

    /// <summary>The e-mail addresses of the people who act, most active first.</summary>
    public IReadOnlyList<string> ActorEmails => [.. _people.Take(ActorCount).Select(p => p.Email)];

    public int EntityCount => _entities.Values.Sum(e => e.Length);

    /// <summary>Sealed records 1..count, oldest first, evenly spread over <see cref="Period"/>.</summary>
    public IEnumerable<AuditRecord> Generate(int count)
    {
        var step = Period.Ticks / count;
        var previousHash = AuditChain.Genesis;
        for (long sequence = 1; sequence <= count; sequence++)
        {
            // Strictly increasing: each record falls somewhere inside its own slot.
            var at = StartUtc.AddTicks(((sequence - 1) * step) + _random.NextInt64(step));
            var record = AuditChain.Seal(NextRecord(at) with { Sequence = sequence }, previousHash);
            previousHash = record.Hash;
            yield return record;
        }
    }

    private AuditRecord NextRecord(DateTime at)
    {
        while (true)
        {
            var type = Pick(
                (AuditEntityTypes.Member, 40), (AuditEntityTypes.Provider, 18), (AuditEntityTypes.TokenManagement, 14),
                (AuditEntityTypes.RoleAssignment, 12), (AuditEntityTypes.TlsProfile, 8), (AuditEntityTypes.Role, 8));
            var entity = Popular(_entities[type]);
            var action = type switch
            {
                AuditEntityTypes.Provider => Pick((AuditActions.Updated, 80), (AuditActions.Created, 8), (AuditActions.Restored, 8), (AuditActions.Deleted, 4)),
                AuditEntityTypes.TokenManagement => Pick((AuditActions.Updated, 90), (AuditActions.Restored, 10)),
                AuditEntityTypes.TlsProfile or AuditEntityTypes.Role =>
                    Pick((AuditActions.Updated, 70), (AuditActions.Created, 20), (AuditActions.Deleted, 10)),
                AuditEntityTypes.RoleAssignment => Pick((AuditActions.Granted, 60), (AuditActions.Revoked, 40)),
                _ => Pick(
                    (AuditActions.SignInSucceeded, 70), (AuditActions.SignInFailed, 12), (AuditActions.Created, 6),
                    (AuditActions.PasswordChanged, 4), (AuditActions.Enabled, 3), (AuditActions.Disabled, 3), (AuditActions.Deleted, 2)),
            };

            // People sign in and change their password themselves; everything else is done by someone who administers.
            var self = action is AuditActions.SignInSucceeded or AuditActions.SignInFailed or AuditActions.PasswordChanged;
            var person = _people[Popular(ActorCount)];
            if (self)
                entity = _entities[AuditEntityTypes.Member][Array.IndexOf(_people, person)];
            var actor = new Actor(person.Id, person.Email, new HashSet<string>(), IsOwner: false)
            {
                ClientIp = _random.Next(10) == 0 ? "192.0.2." + _random.Next(1, 255).ToString(CultureInfo.InvariantCulture) : person.ClientIp,
            };

            var (before, after) = action switch
            {
                AuditActions.Created or AuditActions.Granted => (null, entity.State),
                AuditActions.Deleted or AuditActions.Revoked => (entity.State, null),
                AuditActions.SignInSucceeded => (null, Outcome("Signed in")),
                AuditActions.SignInFailed => (null, Outcome(_random.Next(5) == 0 ? "Locked out" : "Wrong password")),
                AuditActions.PasswordChanged => (null, Outcome("Password changed")),
                AuditActions.Enabled or AuditActions.Disabled => (entity.State, entity.Set("Enabled", action == AuditActions.Enabled)),
                _ => (entity.State, entity.Change(_random)),
            };
            if (AuditEntry.Create(actor, action, new AuditSubject(entity.Type, entity.Id, entity.Name), before, after, at) is { } record)
            {
                if (after is not null && !self)
                    entity.State = after;
                return record;
            }
            // An update that changed nothing is not recorded: draw again.
        }
    }

    private static AuditState Outcome(string outcome) => AuditState.Of(new { Outcome = outcome }, []);

    private string Pick(params (string Value, int Weight)[] choices)
    {
        var n = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((n -= weight) < 0)
                return value;
        }
        return choices[^1].Value;
    }

    /// <summary>A skewed choice: low indexes come up far more often (a few busy people, a few hot entities).</summary>
    private int Popular(int count) => (int)(count * Math.Pow(_random.NextDouble(), 2.2));

    private T Popular<T>(T[] items) => items[Popular(items.Length)];

    private string NewId() => new Guid(RandomBytes(_random, 16)).ToString();

    private Person NewPerson(int i)
    {
        var first = FirstNames[i % FirstNames.Length];
        var last = LastNames[(i * 7 / FirstNames.Length + i) % LastNames.Length];
        return new Person(
            NewId(),
            $"{first}.{last}{(i < FirstNames.Length ? "" : (i / FirstNames.Length).ToString(CultureInfo.InvariantCulture))}@contoso.example",
            $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(first)} {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(last)}",
            string.Create(CultureInfo.InvariantCulture, $"10.{20 + (i % 8)}.{_random.Next(256)}.{_random.Next(1, 255)}"));
    }

    private Entity NewProvider(string title)
    {
        var name = title.ToLowerInvariant().Replace(' ', '-');
        var state = new JsonObject
        {
            ["Title"] = title,
            ["Name"] = name,
            ["Description"] = _random.GetItems(Descriptions, 1)[0],
            ["Enabled"] = true,
            ["GatewayType"] = _random.Next(5) == 0 ? "V5Compatible" : "ApiGateway",
            ["GrantTypes"] = "AccessCode",
            ["ClientTypes"] = "Confidential",
            ["Scopes"] = Scopes(name),
            ["AccessTokenTtl"] = 3600,
            ["RefreshTokensEnabled"] = false,
            ["RefreshTokenCount"] = 1,
            ["RefreshTokenTtl"] = 1209600,
            ["PkceEnabled"] = true,
            ["PkceRequired"] = false,
            ["PkceAllowPlain"] = false,
            ["AuthorizationCodeTtl"] = 60,
            ["IntrospectionEnabled"] = false,
        };
        return new Entity(AuditEntityTypes.Provider, NewId(), title, state, AuditState.NoSecrets, [
            ("Description", r => r.GetItems(Descriptions, 1)[0]),
            ("Enabled", r => r.Next(2) == 0),
            ("GrantTypes", r => r.GetItems(["AccessCode", "Application, AccessCode", "AccessCode, Password", "Application, AccessCode, JwtBearer"], 1)[0]),
            ("ClientTypes", r => r.GetItems(["Confidential", "Public", "Confidential, Public"], 1)[0]),
            ("Scopes", _ => Scopes(name)),
            ("AccessTokenTtl", r => r.GetItems([300, 900, 1800, 3600, 7200], 1)[0]),
            ("RefreshTokensEnabled", r => r.Next(2) == 0),
            ("RefreshTokenCount", r => r.GetItems([1, 3, 5, 10], 1)[0]),
            ("RefreshTokenTtl", r => r.GetItems([86400, 604800, 1209600, 2592000], 1)[0]),
            ("PkceRequired", r => r.Next(2) == 0),
            ("AuthorizationCodeTtl", r => r.GetItems([30, 60, 120, 300], 1)[0]),
            ("IntrospectionEnabled", r => r.Next(2) == 0),
        ]);
    }

    private JsonArray Scopes(string name)
    {
        var scopes = new JsonArray();
        foreach (var verb in _random.GetItems(["read", "write", "admin", "export", "audit", "profile"], _random.Next(2, 5)).Distinct())
            scopes.Add(new JsonObject { ["Name"] = $"{name}:{verb}", ["Description"] = $"Lets a client {verb} {name} resources." });
        return scopes;
    }

    private Entity NewTokenManagement(Entity provider)
    {
        var host = provider.Id[..8];
        var state = new JsonObject
        {
            ["Enabled"] = false,
            ["Type"] = "Native",
            ["ResourceOwnerRevocation"] = true,
            ["ClientRevocation"] = true,
            ["Endpoint"] = "",
            ["TlsClientProfileId"] = null,
            ["Security"] = "None",
            ["Username"] = "",
            ["Password"] = null,
            ["RequestHeaderName"] = "Authorization",
            ["CustomHeaderPattern"] = "",
            ["CacheType"] = "None",
            ["CacheTtl"] = 60,
            ["FailOnError"] = true,
            ["TimeoutMs"] = 5000,
            ["PollIntervalSeconds"] = 30,
            ["ClientCredentialsLocation"] = "AuthorizationHeader",
            ["ClientIdField"] = "client_id",
            ["ClientSecretField"] = "client_secret",
            ["TokenStore"] = "Database",
            ["MonitoringEnabled"] = true,
            ["MonitoringClientAttribute"] = "client_id",
        };
        return new Entity(AuditEntityTypes.TokenManagement, provider.Id, provider.Name, state, new HashSet<string> { "Password" }, [
            ("Enabled", r => r.Next(3) != 0),
            ("Type", r => r.Next(2) == 0 ? "Native" : "External"),
            ("Endpoint", r => $"https://tms-{host}.partner{r.Next(1, 9)}.example/api/v2/revocations"),
            ("Security", r => r.Next(2) == 0 ? "None" : "BasicAuthentication"),
            ("Username", r => $"svc-portal-{r.Next(100, 999)}"),
            ("Password", r => "CfDJ8" + Convert.ToBase64String(RandomBytes(r, 60))),
            ("CacheType", r => r.GetItems(["None", "TimeToLive", "Polling"], 1)[0]),
            ("CacheTtl", r => r.GetItems([30, 60, 300, 900], 1)[0]),
            ("FailOnError", r => r.Next(2) == 0),
            ("TimeoutMs", r => r.GetItems([1000, 2000, 5000, 10000], 1)[0]),
            ("MonitoringEnabled", r => r.Next(2) == 0),
        ]);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private Entity NewTlsProfile(int i)
    {
        var name = $"{_random.GetItems(["partner", "bank", "tms", "vendor", "gateway"], 1)[0]}-mtls-{i + 1:00}";
        var state = new JsonObject
        {
            ["Name"] = name,
            ["CaCertificatesPem"] = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUB3d1ZXJ0eXVpb3Bhc2RmZ2hqa2x6eGN2Ym5tMAoGCCqG\n-----END CERTIFICATE-----\n",
            ["MinimumTlsVersion"] = "Tls12",
            ["CheckHostName"] = true,
            ["ClientCertificateSubject"] = $"CN=portal-{name}, O=Contoso, C=NL",
            ["ClientCertificateNotAfterUtc"] = "2027-03-31T23:59:59Z",
            ["ClientCertificate"] = "CfDJ8K3v6Zm1",
        };
        return new Entity(AuditEntityTypes.TlsProfile, NewId(), name, state, new HashSet<string> { "ClientCertificate" }, [
            ("MinimumTlsVersion", r => r.Next(2) == 0 ? "Tls12" : "Tls13"),
            ("CheckHostName", r => r.Next(4) != 0),
            ("ClientCertificateNotAfterUtc", r => $"{r.Next(2026, 2029)}-{r.Next(1, 13):00}-28T23:59:59Z"),
            ("ClientCertificate", r => "CfDJ8" + r.Next().ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    private Entity NewRole(string name)
    {
        var state = new JsonObject
        {
            ["Name"] = name,
            ["Description"] = $"{name}: the permissions this team needs, reviewed every quarter.",
            ["Permissions"] = PermissionList(),
        };
        return new Entity(AuditEntityTypes.Role, NewId(), name, state, AuditState.NoSecrets, [
            ("Description", r => $"{name}: {r.GetItems(Descriptions, 1)[0]}"),
            ("Permissions", _ => PermissionList()),
        ]);
    }

    private JsonArray PermissionList() =>
        [.. _random.GetItems(Permissions, _random.Next(2, 9)).Distinct().Order(StringComparer.Ordinal).Select(p => JsonValue.Create(p))];

    private Entity NewMember(Person person)
    {
        var state = new JsonObject
        {
            ["Email"] = person.Email,
            ["DisplayName"] = person.DisplayName,
            ["Enabled"] = true,
            ["Roles"] = new JsonArray(JsonValue.Create(_random.GetItems(RoleNames, 1)[0])),
        };
        return new Entity(AuditEntityTypes.Member, person.Id, person.Email, state, AuditState.NoSecrets, []);
    }

    private Entity NewAssignment(int i)
    {
        var member = _entities[AuditEntityTypes.Member][i * 2];
        var role = _entities[AuditEntityTypes.Role][_random.Next(RoleNames.Length)];
        var state = new JsonObject { ["Member"] = member.Name, ["Role"] = role.Name };
        return new Entity(AuditEntityTypes.RoleAssignment, $"{member.Id}/{role.Id}", $"{member.Name}: {role.Name}", state, AuditState.NoSecrets, []);
    }

    private sealed record Person(string Id, string Email, string DisplayName, string ClientIp);

    /// <summary>One audited thing, its current state, and the fields an update may change (with a new value for each).</summary>
    private sealed class Entity(string type, string id, string name, JsonObject state, IReadOnlySet<string> secrets,
        (string Field, Func<Random, JsonNode?> NewValue)[] editable)
    {
        public string Type => type;
        public string Id => id;
        public string Name => name;
        public AuditState State { get; set; } = new(state, secrets);

        public AuditState Set(string field, JsonNode? value)
        {
            var values = (JsonObject)State.Values.DeepClone();
            values[field] = value;
            return State with { Values = values };
        }

        /// <summary>An update of one to three fields (some draws may leave a value as it was).</summary>
        public AuditState Change(Random random)
        {
            var values = (JsonObject)State.Values.DeepClone();
            if (editable.Length > 0)
            {
                foreach (var (field, newValue) in random.GetItems(editable, random.Next(1, 4)))
                    values[field] = newValue(random);
            }
            return State with { Values = values };
        }
    }
}
