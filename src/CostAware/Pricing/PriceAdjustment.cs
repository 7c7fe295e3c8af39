namespace CostAware;

/// <summary>A negotiated discount (or surcharge) layered over catalog prices for a provider or one model.</summary>
/// <remarks>
/// A model-level adjustment wins over a provider-level one. <see cref="Multiplier"/> scales every price of the
/// matching entries: <c>0.8m</c> is a 20% discount.
/// </remarks>
public sealed record PriceAdjustment
{
    /// <summary>Gets the provider whose models the adjustment applies to, or <see langword="null"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model the adjustment applies to, or <see langword="null"/>.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets the factor applied to every price of the matching entries.</summary>
    public required decimal Multiplier { get; init; }

    /// <summary>Creates a discount for every model of a provider.</summary>
    /// <param name="provider">The provider, for example <c>openai</c>.</param>
    /// <param name="percentOff">The discount in percent, for example <c>20</c>.</param>
    /// <returns>The adjustment.</returns>
    public static PriceAdjustment ProviderDiscount(string provider, decimal percentOff)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        return new() { Provider = provider, Multiplier = ToMultiplier(percentOff) };
    }

    /// <summary>Creates a discount for one model.</summary>
    /// <param name="modelId">The model, as listed in the catalog.</param>
    /// <param name="percentOff">The discount in percent, for example <c>20</c>.</param>
    /// <returns>The adjustment.</returns>
    public static PriceAdjustment ModelDiscount(string modelId, decimal percentOff)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new() { ModelId = modelId, Multiplier = ToMultiplier(percentOff) };
    }

    internal bool Matches(ModelPrice price) =>
        ModelId is not null
            ? string.Equals(ModelId, price.ModelId, StringComparison.OrdinalIgnoreCase)
            : Provider is not null && string.Equals(Provider, price.Provider, StringComparison.OrdinalIgnoreCase);

    internal ModelPrice Apply(ModelPrice price)
    {
        decimal m = Multiplier;
        return price with
        {
            InputPerMillion = price.InputPerMillion * m,
            OutputPerMillion = price.OutputPerMillion * m,
            CachedInputPerMillion = price.CachedInputPerMillion * m,
            CacheWritePerMillion = price.CacheWritePerMillion * m,
            CacheWrite1HourPerMillion = price.CacheWrite1HourPerMillion * m,
            ReasoningOutputPerMillion = price.ReasoningOutputPerMillion * m,
            BatchInputPerMillion = price.BatchInputPerMillion * m,
            BatchOutputPerMillion = price.BatchOutputPerMillion * m,
            LongContextTiers = [.. price.LongContextTiers.Select(t => t with
            {
                InputPerMillion = t.InputPerMillion * m,
                CachedInputPerMillion = t.CachedInputPerMillion * m,
                CacheWritePerMillion = t.CacheWritePerMillion * m,
                CacheWrite1HourPerMillion = t.CacheWrite1HourPerMillion * m,
                OutputPerMillion = t.OutputPerMillion * m,
            })],
        };
    }

    private static decimal ToMultiplier(decimal percentOff)
    {
        if (percentOff is < 0m or > 100m)
        {
            throw new ArgumentOutOfRangeException(nameof(percentOff), percentOff, "A discount must be between 0 and 100 percent.");
        }

        return 1m - (percentOff / 100m);
    }
}
