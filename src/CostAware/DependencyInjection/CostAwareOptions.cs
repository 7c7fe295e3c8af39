namespace CostAware;

/// <summary>Options of the services <c>AddCostAware</c> registers: where prices come from and how the ledger keeps
/// entries.</summary>
public sealed class CostAwareOptions
{
    /// <summary>Gets or sets a value indicating whether the built-in prices form the base of the catalog.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool UseBuiltInPrices { get; set; } = true;

    /// <summary>Gets the price files (LiteLLM's format or the project's own) layered over the built-in prices, in
    /// order; a later file's entry for a model replaces an earlier one.</summary>
    public IList<string> PriceFiles { get; } = [];

    /// <summary>Gets prices layered over the files, for models the files lack or prices negotiated apart.</summary>
    public IList<ModelPrice> Prices { get; } = [];

    /// <summary>Gets discounts applied over all prices.</summary>
    public IList<PriceAdjustment> Adjustments { get; } = [];

    /// <summary>Gets or sets what to do with invalid entries in <see cref="PriceFiles"/>.</summary>
    /// <value>Defaults to <see cref="InvalidPriceEntryHandling.Throw"/>.</value>
    public InvalidPriceEntryHandling InvalidPriceEntries { get; set; } = InvalidPriceEntryHandling.Throw;

    /// <summary>Gets or sets how many entries the in-memory ledger keeps.</summary>
    /// <value>Defaults to <see cref="InMemoryCostLedger.DefaultMaximumRetainedEntries"/> (100,000).</value>
    public int MaximumRetainedLedgerEntries { get; set; } = InMemoryCostLedger.DefaultMaximumRetainedEntries;

    /// <summary>Builds the catalog these options describe.</summary>
    /// <returns>The catalog.</returns>
    /// <exception cref="PriceCatalogException">A price file or entry is invalid.</exception>
    public PriceCatalog BuildCatalog()
    {
        IEnumerable<ModelPrice> prices = UseBuiltInPrices ? PriceCatalog.BuiltIn.Prices : [];
        var adjustments = new List<PriceAdjustment>();
        foreach (string file in PriceFiles)
        {
            var loaded = PriceCatalogLoader.LoadFile(file, InvalidPriceEntries);
            prices = prices.Concat(loaded.Prices);
            adjustments.AddRange(loaded.Adjustments);
        }

        adjustments.AddRange(Adjustments);
        adjustments.Reverse();
        return new PriceCatalog(prices.Concat(Prices), adjustments);
    }
}
