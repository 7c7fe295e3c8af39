namespace CostAware;

/// <summary>Prices that replace a model's standard prices once a prompt exceeds <see cref="ThresholdTokens"/>.</summary>
/// <remarks>A price left <see langword="null"/> keeps the standard price for that kind of token.</remarks>
public sealed record LongContextPrice
{
    /// <summary>Gets the prompt size, in tokens (cached included), above which the tier applies.</summary>
    public required long ThresholdTokens { get; init; }

    /// <summary>Gets the price of uncached input tokens per million above the threshold.</summary>
    public decimal? InputPerMillion { get; init; }

    /// <summary>Gets the price of cache reads per million above the threshold.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>Gets the price of 5-minute cache writes per million above the threshold.</summary>
    public decimal? CacheWritePerMillion { get; init; }

    /// <summary>Gets the price of 1-hour cache writes per million above the threshold.</summary>
    public decimal? CacheWrite1HourPerMillion { get; init; }

    /// <summary>Gets the price of output tokens per million above the threshold.</summary>
    public decimal? OutputPerMillion { get; init; }

    /// <summary>Gets a value indicating whether the tier sets any price at all.</summary>
    public bool HasAnyPrice =>
        InputPerMillion is not null || CachedInputPerMillion is not null || CacheWritePerMillion is not null ||
        CacheWrite1HourPerMillion is not null || OutputPerMillion is not null;
}
