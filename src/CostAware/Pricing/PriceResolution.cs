namespace CostAware;

/// <summary>How a model name was matched to a catalog entry.</summary>
public enum PriceMatch
{
    /// <summary>The name is listed exactly.</summary>
    Exact,

    /// <summary>The name carried a provider prefix (<c>openai/gpt-4o</c>) that was removed to find the entry.</summary>
    ProviderPrefixRemoved,

    /// <summary>The name is a dated snapshot of an entry whose snapshots share its price.</summary>
    DatedSnapshot,
}

/// <summary>The outcome of looking a model name up in a <see cref="PriceCatalog"/>.</summary>
/// <param name="RequestedModelId">The name that was looked up.</param>
/// <param name="Price">The price found.</param>
/// <param name="Match">How the name was matched.</param>
public sealed record PriceResolution(string RequestedModelId, ModelPrice Price, PriceMatch Match)
{
    /// <summary>Gets a short text that says how the name was resolved, for reports and logs.</summary>
    public string Describe() => Match switch
    {
        PriceMatch.Exact => RequestedModelId,
        PriceMatch.ProviderPrefixRemoved => $"{RequestedModelId} -> {Price.ModelId} (provider prefix removed)",
        _ => $"{RequestedModelId} -> {Price.ModelId} (dated snapshot sharing its price)",
    };
}
