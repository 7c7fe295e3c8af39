using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// The steps the token meter takes for each call, measured one by one through the public API, to show where the
/// meter's time and allocations go.
/// </summary>
[MemoryDiagnoser]
public class TokenMeterPartsBenchmarks
{
    private const string Model = "gpt-4o-2024-08-06";

    private static readonly UsageDetails s_usage = new()
    {
        InputTokenCount = 2006,
        CachedInputTokenCount = 1920,
        OutputTokenCount = 300,
        ReasoningTokenCount = 64,
    };

    private static readonly ChatResponseUpdate s_textUpdate = new(ChatRole.Assistant, " answer");

    private readonly PriceCatalog _catalog = PriceCatalog.BuiltIn;
    private readonly InMemoryCostLedger _ledger = new(maximumRetainedEntries: 1);
    private ModelPrice _price = null!;
    private TokenUsage _usage = null!;
    private CostLedgerEntry _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog.TryResolve(Model, out var resolution);
        _price = resolution!.Price;
        _usage = UsageReader.FromUsageDetails(s_usage);
        _entry = NewEntry();
    }

    [Benchmark(Description = "Guid.NewGuid().ToString(\"N\") (entry id)")]
    public string EntryId() => Guid.NewGuid().ToString("N");

    [Benchmark(Description = "TimeProvider: GetUtcNow, GetTimestamp, GetElapsedTime")]
    public TimeSpan Clock()
    {
        var system = TimeProvider.System;
        _ = system.GetUtcNow();
        return system.GetElapsedTime(system.GetTimestamp());
    }

    [Benchmark(Description = "UsageReader.FromUsageDetails")]
    public TokenUsage ReadUsage() => UsageReader.FromUsageDetails(s_usage);

    [Benchmark(Description = "PriceCatalog.TryResolve (cached)")]
    public PriceResolution? Resolve() => _catalog.TryResolve(Model, out var resolution) ? resolution : null;

    [Benchmark(Description = "CostCalculator.Calculate")]
    public CostBreakdown Calculate() => CostCalculator.Calculate(_price, _usage);

    [Benchmark(Description = "CostScope.Current.Merge(options.GetCostAttribution())")]
    public CostAttribution Attribution() => CostScope.Current.Merge(((ChatOptions?)null).GetCostAttribution());

    [Benchmark(Description = "new CostLedgerEntry")]
    public CostLedgerEntry Entry() => NewEntry();

    [Benchmark(Description = "response.AdditionalProperties ??= [] and set the entry")]
    public AdditionalPropertiesDictionary Attach() => new() { [CostAwareResponseExtensions.CostEntryKey] = _entry };

    [Benchmark(Description = "InMemoryCostLedger.RecordAsync")]
    public ValueTask LedgerRecord() => _ledger.RecordAsync(_entry);

    [Benchmark(Description = "Streaming, per update: foreach over update.Contents")]
    public int ScanContents()
    {
        int usages = 0;
        foreach (var content in s_textUpdate.Contents)
        {
            usages += content is UsageContent ? 1 : 0;
        }

        return usages;
    }

    [Benchmark(Description = "Streaming, per text update: TiktokenTokenCounter.O200kBase.CountTokens")]
    public int CountChunkTokens() => TiktokenTokenCounter.O200kBase.CountTokens(" answer");

    private CostLedgerEntry NewEntry() => new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        Timestamp = default,
        ModelId = Model,
        Usage = _usage,
        Cost = null,
    };
}
