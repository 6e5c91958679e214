using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Stores;
using Portal.Domain.Audit;

namespace Portal.Benchmarks;

/// <summary>
/// The audit log's first page (25 records, newest first, with the total count) over 100,000 records, the way a page
/// request asks for it: a new <see cref="PortalDbContext"/> and <see cref="EfAuditStore"/> per call.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MaxColumn, MedianColumn]
public class AuditFirstPageBenchmarks
{
    /// <summary>One month inside the seeded year.</summary>
    private static readonly DateTime MonthStartUtc = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private DbContextOptions<PortalDbContext> _options = null!;
    private AuditQuery _byEntityType = null!;
    private AuditQuery _byActor = null!;
    private AuditQuery _byEntityTypeAndMonth = null!;
    private AuditQuery _byEntity = null!;
    private AuditQuery _unfiltered = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _options = await AuditBenchmarkDatabase.EnsureAsync();
        var actors = new AuditHistoryGenerator().ActorEmails;
        _byEntityType = new AuditQuery { EntityType = AuditEntityTypes.Provider };
        _byActor = new AuditQuery { ActorEmail = actors[4] }; // One of the moderately active people.
        _byEntityTypeAndMonth = _byEntityType with { FromUtc = MonthStartUtc, ToUtc = MonthStartUtc.AddMonths(1) };
        _byEntity = new AuditQuery { Entity = "Fraud" }; // The start of a provider's title ("Fraud Scoring").
        _unfiltered = new AuditQuery();

        // What each benchmark finds, for the reader of the results (and a check that every filter matches something).
        foreach (var (name, query) in new[]
        {
            (nameof(ByEntityType), _byEntityType), (nameof(ByActor), _byActor), (nameof(ByEntityTypeAndMonth), _byEntityTypeAndMonth),
            (nameof(ByEntityNamePrefix), _byEntity), (nameof(NoFilter), _unfiltered),
        })
        {
            var page = await FirstPageAsync(query);
            if (page.Items.Count == 0)
                throw new InvalidOperationException($"{name} finds nothing: the seeded data and the benchmark disagree.");
            Console.WriteLine($"// {name}: {page.TotalCount} matching records, first page {page.Items.Count}");
        }
    }

    [Benchmark(Description = "Entity type")]
    public Task<AuditPage> ByEntityType() => FirstPageAsync(_byEntityType);

    [Benchmark(Description = "Actor")]
    public Task<AuditPage> ByActor() => FirstPageAsync(_byActor);

    [Benchmark(Description = "Entity type + one month")]
    public Task<AuditPage> ByEntityTypeAndMonth() => FirstPageAsync(_byEntityTypeAndMonth);

    [Benchmark(Description = "Entity (name prefix)")]
    public Task<AuditPage> ByEntityNamePrefix() => FirstPageAsync(_byEntity);

    [Benchmark(Description = "No filter")]
    public Task<AuditPage> NoFilter() => FirstPageAsync(_unfiltered);

    private async Task<AuditPage> FirstPageAsync(AuditQuery query)
    {
        await using var db = new PortalDbContext(_options);
        return await new EfAuditStore(db).SearchAsync(query with { Page = 0, PageSize = 25 });
    }
}
