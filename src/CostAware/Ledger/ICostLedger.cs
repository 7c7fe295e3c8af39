namespace CostAware;

/// <summary>Where priced model calls go.</summary>
/// <remarks>Implementations must be thread-safe: the token meter records from every concurrent call.</remarks>
public interface ICostLedger
{
    /// <summary>Records one priced call.</summary>
    /// <param name="entry">The call.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is stored.</returns>
    ValueTask RecordAsync(CostLedgerEntry entry, CancellationToken cancellationToken = default);
}
