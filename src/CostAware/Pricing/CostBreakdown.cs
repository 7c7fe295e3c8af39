namespace CostAware;

/// <summary>What one model call cost, in US dollars, by kind of token.</summary>
public sealed record CostBreakdown
{
    /// <summary>Gets a breakdown of a call that cost nothing.</summary>
    public static CostBreakdown Zero { get; } = new();

    /// <summary>Gets the cost of uncached input tokens.</summary>
    public decimal Input { get; init; }

    /// <summary>Gets the cost of input tokens read from the provider's cache.</summary>
    public decimal CachedInput { get; init; }

    /// <summary>Gets the cost of input tokens written to the provider's cache (5-minute and 1-hour).</summary>
    public decimal CacheWrite { get; init; }

    /// <summary>Gets the cost of output tokens other than reasoning tokens priced apart.</summary>
    public decimal Output { get; init; }

    /// <summary>Gets the cost of reasoning tokens where the model prices them apart; otherwise zero, as they are in
    /// <see cref="Output"/>.</summary>
    public decimal Reasoning { get; init; }

    /// <summary>Gets the total cost.</summary>
    public decimal Total => Input + CachedInput + CacheWrite + Output + Reasoning;

    /// <summary>Gets the long-context threshold whose prices applied, or <see langword="null"/>.</summary>
    public long? LongContextThreshold { get; init; }

    /// <summary>Gets a value indicating whether batch prices applied.</summary>
    public bool IsBatch { get; init; }

    /// <summary>Gets a value indicating whether the batch prices used were inferred as 50% of standard.</summary>
    public bool IsBatchPriceInferred { get; init; }

    /// <summary>Gets a value indicating whether a count the price depends on was unknown or inconsistent, so that the
    /// cost is a bound rather than exact (unknown cache reads are priced as uncached input; cache reads and writes
    /// reported beyond the prompt's size are not billed).</summary>
    public bool IsIncomplete { get; init; }

    /// <summary>Adds two breakdowns, for totals.</summary>
    /// <param name="other">The other breakdown.</param>
    /// <returns>The sum.</returns>
    public CostBreakdown Add(CostBreakdown other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new()
        {
            Input = Input + other.Input,
            CachedInput = CachedInput + other.CachedInput,
            CacheWrite = CacheWrite + other.CacheWrite,
            Output = Output + other.Output,
            Reasoning = Reasoning + other.Reasoning,
            IsIncomplete = IsIncomplete || other.IsIncomplete,
        };
    }
}
