namespace CostAware;

/// <summary>A thread-safe <see cref="ICostLedger"/> that keeps entries and running totals in memory.</summary>
/// <remarks>
/// Totals cover every call ever recorded. Entries are kept up to <see cref="MaximumRetainedEntries"/>; past that the
/// oldest are dropped from <see cref="GetEntries"/> but stay counted in the totals. Recording takes a short lock.
/// </remarks>
public sealed class InMemoryCostLedger : ICostLedger
{
    /// <summary>The default of <see cref="MaximumRetainedEntries"/>.</summary>
    public const int DefaultMaximumRetainedEntries = 100_000;

    private readonly Lock _lock = new();
    private readonly Queue<CostLedgerEntry> _entries = new();
    private readonly Dictionary<string, CostAccumulator> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CostAccumulator> _byTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CostAccumulator> _byFeature = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CostAccumulator> _byRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, CostAccumulator> _byDay = [];
    private readonly CostAccumulator _total = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryCostLedger"/> class.</summary>
    /// <param name="maximumRetainedEntries">How many entries to keep; zero keeps totals only.</param>
    public InMemoryCostLedger(int maximumRetainedEntries = DefaultMaximumRetainedEntries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maximumRetainedEntries);
        MaximumRetainedEntries = maximumRetainedEntries;
    }

    /// <summary>Gets how many entries are kept.</summary>
    /// <value>Defaults to <see cref="DefaultMaximumRetainedEntries"/> (100,000).</value>
    public int MaximumRetainedEntries { get; }

    /// <summary>Raised after an entry is recorded, on the recording thread.</summary>
    public event Action<CostLedgerEntry>? EntryRecorded;

    /// <inheritdoc />
    public ValueTask RecordAsync(CostLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (MaximumRetainedEntries > 0)
            {
                if (_entries.Count == MaximumRetainedEntries)
                {
                    _entries.Dequeue();
                }

                _entries.Enqueue(entry);
            }

            _total.Add(entry);
            Accumulate(_byModel, entry.ModelId ?? string.Empty, entry);
            Accumulate(_byTenant, entry.Attribution.Tenant ?? string.Empty, entry);
            Accumulate(_byFeature, entry.Attribution.Feature ?? string.Empty, entry);
            Accumulate(_byRoute, entry.Attribution.Route ?? string.Empty, entry);
            Accumulate(_byDay, DateOnly.FromDateTime(entry.Timestamp.UtcDateTime), entry);
        }

        EntryRecorded?.Invoke(entry);
        return ValueTask.CompletedTask;
    }

    /// <summary>Returns the retained entries, oldest first.</summary>
    /// <returns>A copy of the entries.</returns>
    public IReadOnlyList<CostLedgerEntry> GetEntries()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    /// <summary>Returns a snapshot of the totals.</summary>
    /// <returns>The statistics.</returns>
    public CostLedgerStatistics GetStatistics()
    {
        lock (_lock)
        {
            return new CostLedgerStatistics
            {
                Total = _total.ToTotals(),
                ByModel = Snapshot(_byModel),
                ByTenant = Snapshot(_byTenant),
                ByFeature = Snapshot(_byFeature),
                ByRoute = Snapshot(_byRoute),
                ByDay = Snapshot(_byDay),
            };
        }
    }

    /// <summary>Forgets every entry and total.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _byModel.Clear();
            _byTenant.Clear();
            _byFeature.Clear();
            _byRoute.Clear();
            _byDay.Clear();
            _total.Reset();
        }
    }

    private static void Accumulate<TKey>(Dictionary<TKey, CostAccumulator> totals, TKey key, CostLedgerEntry entry)
        where TKey : notnull
    {
        if (!totals.TryGetValue(key, out var accumulator))
        {
            totals[key] = accumulator = new CostAccumulator();
        }

        accumulator.Add(entry);
    }

    private static Dictionary<TKey, CostTotals> Snapshot<TKey>(Dictionary<TKey, CostAccumulator> totals)
        where TKey : notnull =>
        totals.ToDictionary(pair => pair.Key, pair => pair.Value.ToTotals(), totals.Comparer);
}
