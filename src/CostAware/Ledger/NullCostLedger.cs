namespace CostAware;

/// <summary>A ledger that keeps nothing, for pipelines that only need the cost on each response and the metrics.</summary>
public sealed class NullCostLedger : ICostLedger
{
    private NullCostLedger()
    {
    }

    /// <summary>Gets the single instance.</summary>
    public static NullCostLedger Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask RecordAsync(CostLedgerEntry entry, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
