using System.Text;
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

    [Benchmark(Description = "CostLedgerEntry.NewId() (entry id)")]
    public string EntryId() => CostLedgerEntry.NewId();

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

    [Benchmark(Description = "Streaming, per update: scan update.Contents by index")]
    public int ScanContents()
    {
        int usages = 0;
        var contents = s_textUpdate.Contents;
        for (int i = 0; i < contents.Count; i++)
        {
            usages += contents[i] is UsageContent ? 1 : 0;
        }

        return usages;
    }

    [Benchmark(Description = "Streaming, per call: new StringBuilder() and append two text updates")]
    public int KeepStreamText()
    {
        var received = new StringBuilder();
        received.Append(" answer").Append(" answer");
        return received.Length;
    }

    private CostLedgerEntry NewEntry() => new()
    {
        Id = "0123456789abcdef0123456789abcdef",
        Timestamp = default,
        ModelId = Model,
        Usage = _usage,
        Cost = null,
    };
}
