namespace CostAware;

/// <summary>Totals over a set of calls.</summary>
public sealed record CostTotals
{
    /// <summary>Gets totals of no calls.</summary>
    public static CostTotals Empty { get; } = new();

    /// <summary>Gets the number of calls.</summary>
    public long Calls { get; init; }

    /// <summary>Gets the number of calls that failed.</summary>
    public long FailedCalls { get; init; }

    /// <summary>Gets the number of calls whose model had no price; their cost is not in <see cref="Cost"/>.</summary>
    public long UnpricedCalls { get; init; }

    /// <summary>Gets the number of calls whose counts are estimates.</summary>
    public long EstimatedCalls { get; init; }

    /// <summary>Gets the tokens of all calls.</summary>
    public TokenUsage Usage { get; init; } = new();

    /// <summary>Gets the cost of all priced calls.</summary>
    public CostBreakdown Cost { get; init; } = CostBreakdown.Zero;

    /// <summary>Gets the total cost in US dollars.</summary>
    public decimal CostUsd => Cost.Total;
}

/// <summary>A snapshot of a ledger's totals, overall and by model, tenant, feature, route and day (UTC).</summary>
public sealed record CostLedgerStatistics
{
    /// <summary>Gets the totals over every call.</summary>
    public required CostTotals Total { get; init; }

    /// <summary>Gets the totals by model.</summary>
    public required IReadOnlyDictionary<string, CostTotals> ByModel { get; init; }

    /// <summary>Gets the totals by tenant; calls without a tenant are under the empty string.</summary>
    public required IReadOnlyDictionary<string, CostTotals> ByTenant { get; init; }

    /// <summary>Gets the totals by feature; calls without a feature are under the empty string.</summary>
    public required IReadOnlyDictionary<string, CostTotals> ByFeature { get; init; }

    /// <summary>Gets the totals by route; calls without a route are under the empty string.</summary>
    public required IReadOnlyDictionary<string, CostTotals> ByRoute { get; init; }

    /// <summary>Gets the totals by UTC day.</summary>
    public required IReadOnlyDictionary<DateOnly, CostTotals> ByDay { get; init; }
}

/// <summary>Mutable running totals, updated under the ledger's lock without allocating.</summary>
internal sealed class CostAccumulator
{
    private long _calls, _failed, _unpriced, _estimated;
    private long? _input, _cached, _write, _write1h, _output, _reasoning;
    private decimal _costInput, _costCached, _costWrite, _costOutput, _costReasoning;
    private bool _incomplete;

    public void Add(CostLedgerEntry entry)
    {
        _calls++;
        _failed += entry.Outcome == CallOutcome.Failed ? 1 : 0;
        _unpriced += entry.IsUnpriced ? 1 : 0;
        _estimated += entry.IsEstimate ? 1 : 0;
        var usage = entry.Usage;
        Sum(ref _input, usage.InputTokens);
        Sum(ref _cached, usage.CachedInputTokens);
        Sum(ref _write, usage.CacheWriteTokens);
        Sum(ref _write1h, usage.CacheWrite1HourTokens);
        Sum(ref _output, usage.OutputTokens);
        Sum(ref _reasoning, usage.ReasoningTokens);
        if (entry.Cost is { } cost)
        {
            _costInput += cost.Input;
            _costCached += cost.CachedInput;
            _costWrite += cost.CacheWrite;
            _costOutput += cost.Output;
            _costReasoning += cost.Reasoning;
            _incomplete |= cost.IsIncomplete;
        }
    }

    public void Reset()
    {
        _calls = _failed = _unpriced = _estimated = 0;
        _input = _cached = _write = _write1h = _output = _reasoning = null;
        _costInput = _costCached = _costWrite = _costOutput = _costReasoning = 0m;
        _incomplete = false;
    }

    public CostTotals ToTotals() => new()
    {
        Calls = _calls,
        FailedCalls = _failed,
        UnpricedCalls = _unpriced,
        EstimatedCalls = _estimated,
        Usage = new TokenUsage
        {
            InputTokens = _input,
            CachedInputTokens = _cached,
            CacheWriteTokens = _write,
            CacheWrite1HourTokens = _write1h,
            OutputTokens = _output,
            ReasoningTokens = _reasoning,
        },
        Cost = new CostBreakdown
        {
            Input = _costInput,
            CachedInput = _costCached,
            CacheWrite = _costWrite,
            Output = _costOutput,
            Reasoning = _costReasoning,
            IsIncomplete = _incomplete,
        },
    };

    private static void Sum(ref long? total, long? value)
    {
        if (value is { } v)
        {
            total = (total ?? 0) + v;
        }
    }
}
