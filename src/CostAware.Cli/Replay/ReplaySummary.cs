namespace CostAware.Cli.Replay;

/// <summary>The outcome of a replay: both runs and what the CostAware pipeline saved.</summary>
/// <param name="Requests">The requests replayed (lines that could be read).</param>
/// <param name="UnreadableLines">The lines that could not be read, with the reason.</param>
/// <param name="Baseline">The run of the requests as written.</param>
/// <param name="CostAware">The run through the CostAware pipeline.</param>
internal sealed record ReplaySummary(
    int Requests,
    IReadOnlyList<string> UnreadableLines,
    ReplayRunResult Baseline,
    ReplayRunResult CostAware)
{
    /// <summary>Gets the number of input lines that did not replay: unreadable lines, and requests that failed in
    /// either run.</summary>
    public int Failed => UnreadableLines.Count +
        Baseline.Failures.Select(f => f.LineNumber).Union(CostAware.Failures.Select(f => f.LineNumber)).Count();

    /// <summary>Gets the provider rules the replay ran under (<see cref="ReplayProviderRules.Name"/>).</summary>
    public string Rules { get; init; } = ReplayProviderRules.ByModel;

    /// <summary>Gets each model the rules replaced, with the model it was replayed as.</summary>
    public IReadOnlyDictionary<string, string> MappedModels { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the most cached input tokens the provider rules allow for the workload (see
    /// <see cref="CacheUpperBound"/>); the same for both runs.</summary>
    public long CacheUpperBoundTokens { get; init; }

    /// <summary>Returns the share of a run's input tokens that were read from the cache, in percent, rounded to two
    /// places; <see langword="null"/> when the run had no input.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The share.</returns>
    public static decimal? CachedSharePercent(ReplayRunResult run) =>
        Percent(run.Total.Usage.CachedInputTokens ?? 0, run.Total.Usage.InputTokens ?? 0);

    /// <summary>Returns a run's cached input tokens as a share of <see cref="CacheUpperBoundTokens"/>, in percent,
    /// rounded to two places; <see langword="null"/> when the bound is zero.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The share.</returns>
    public decimal? CachedOfBoundPercent(ReplayRunResult run) =>
        Percent(run.Total.Usage.CachedInputTokens ?? 0, CacheUpperBoundTokens);

    /// <summary>Gets the share of the baseline's cost the CostAware pipeline saved, in percent, rounded to two
    /// places; <see langword="null"/> when the baseline cost nothing.</summary>
    public decimal? SavingsPercent => Baseline.CostUsd == 0m
        ? null
        : Math.Round((Baseline.CostUsd - CostAware.CostUsd) / Baseline.CostUsd * 100m, 2, MidpointRounding.AwayFromZero);

    private static decimal? Percent(long part, long whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 2, MidpointRounding.AwayFromZero);
}
