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

    /// <summary>Gets the share of the baseline's cost the CostAware pipeline saved, in percent, rounded to two
    /// places; <see langword="null"/> when the baseline cost nothing.</summary>
    public decimal? SavingsPercent => Baseline.CostUsd == 0m
        ? null
        : Math.Round((Baseline.CostUsd - CostAware.CostUsd) / Baseline.CostUsd * 100m, 2, MidpointRounding.AwayFromZero);
}
