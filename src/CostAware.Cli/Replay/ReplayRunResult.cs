namespace CostAware.Cli.Replay;

/// <summary>What one run of a workload cost.</summary>
/// <param name="Name">The run's name, such as <c>baseline</c>.</param>
/// <param name="Entries">The ledger entries, one per call, in order.</param>
/// <param name="Statistics">The ledger's totals.</param>
/// <param name="Failures">The requests that failed: their line number and the error.</param>
internal sealed record ReplayRunResult(
    string Name,
    IReadOnlyList<CostLedgerEntry> Entries,
    CostLedgerStatistics Statistics,
    IReadOnlyList<(int LineNumber, string Error)> Failures)
{
    /// <summary>Gets the totals over every call.</summary>
    public CostTotals Total => Statistics.Total;

    /// <summary>Gets the total cost in US dollars.</summary>
    public decimal CostUsd => Statistics.Total.CostUsd;
}
