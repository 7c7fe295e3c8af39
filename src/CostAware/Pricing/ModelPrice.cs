namespace CostAware;

/// <summary>What one model costs, in US dollars per million tokens, and the limits that shape its bill.</summary>
/// <remarks>
/// Prices are <see cref="decimal"/> so that sums over millions of calls do not drift. A <see langword="null"/> price
/// means the provider does not sell that kind of token for this model (for example no cache writes), not that it is
/// free. Instances are immutable once built; use <c>with</c> expressions to derive adjusted prices.
/// </remarks>
public sealed record ModelPrice
{
    /// <summary>Gets the model id the price is listed under, for example <c>gpt-4o</c>.</summary>
    public required string ModelId { get; init; }

    /// <summary>Gets the provider that sells the model, for example <c>openai</c> or <c>anthropic</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the price of uncached input tokens per million.</summary>
    public required decimal InputPerMillion { get; init; }

    /// <summary>Gets the price of output tokens per million (reasoning tokens included unless
    /// <see cref="ReasoningOutputPerMillion"/> is set).</summary>
    public required decimal OutputPerMillion { get; init; }

    /// <summary>Gets the price of input tokens read from the provider's prompt cache per million.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>Gets the price of input tokens written to a 5-minute prompt cache per million.</summary>
    public decimal? CacheWritePerMillion { get; init; }

    /// <summary>Gets the price of input tokens written to a 1-hour prompt cache per million.</summary>
    public decimal? CacheWrite1HourPerMillion { get; init; }

    /// <summary>Gets the price of reasoning output tokens per million, where it differs from
    /// <see cref="OutputPerMillion"/>.</summary>
    public decimal? ReasoningOutputPerMillion { get; init; }

    /// <summary>Gets the stated batch price of input tokens per million.</summary>
    public decimal? BatchInputPerMillion { get; init; }

    /// <summary>Gets the stated batch price of output tokens per million.</summary>
    public decimal? BatchOutputPerMillion { get; init; }

    /// <summary>Gets the long-context tiers: higher prices that apply once a prompt exceeds a size.</summary>
    public IReadOnlyList<LongContextPrice> LongContextTiers { get; init; } = [];

    /// <summary>Gets the largest prompt the model accepts, in tokens.</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>Gets the largest answer the model produces, in tokens.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Gets the shortest prefix the provider caches, in tokens.</summary>
    public int? MinimumCacheableTokens { get; init; }

    /// <summary>Gets a value indicating whether dated snapshots of this model (<c>{id}-2025-08-05</c> or
    /// <c>{id}-20250805</c>) are sold at this price. Only then does the catalog resolve such a name to this entry.</summary>
    public bool SnapshotsSharePrice { get; init; }

    /// <summary>Gets the day the price was checked against the provider's price list.</summary>
    public DateOnly? CheckedOn { get; init; }

    /// <summary>Gets the batch price of input tokens per million: the stated one, else half the standard price.</summary>
    public decimal EffectiveBatchInputPerMillion => BatchInputPerMillion ?? (InputPerMillion / 2m);

    /// <summary>Gets the batch price of output tokens per million: the stated one, else half the standard price.</summary>
    public decimal EffectiveBatchOutputPerMillion => BatchOutputPerMillion ?? (OutputPerMillion / 2m);

    /// <summary>Gets a value indicating whether a batch price is inferred as 50% of standard rather than stated.</summary>
    public bool IsBatchPriceInferred => BatchInputPerMillion is null || BatchOutputPerMillion is null;

    /// <summary>Returns the long-context tier that applies to a prompt of a given size, if any.</summary>
    /// <param name="promptTokens">The prompt's size, cached tokens included.</param>
    /// <returns>The tier with the highest threshold the prompt exceeds, or <see langword="null"/>.</returns>
    public LongContextPrice? GetLongContextTier(long promptTokens)
    {
        LongContextPrice? applies = null;
        foreach (var tier in LongContextTiers)
        {
            if (promptTokens > tier.ThresholdTokens && (applies is null || tier.ThresholdTokens > applies.ThresholdTokens))
            {
                applies = tier;
            }
        }

        return applies;
    }
}
