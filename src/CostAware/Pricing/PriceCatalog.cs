using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CostAware;

/// <summary>
/// Prices by model, with the name resolution rules that map what a provider reports (<c>openai/gpt-4o</c>,
/// <c>claude-opus-4-1-20250805</c>) to a listed entry.
/// </summary>
/// <remarks>
/// <para>
/// A name resolves, in order: exactly (ignoring case); after removing provider prefixes (<c>azure/eu/gpt-4o</c>
/// tries <c>eu/gpt-4o</c>, then <c>gpt-4o</c>); as a dated snapshot (<c>-2025-08-05</c> or <c>-20250805</c>) of an
/// entry whose <see cref="ModelPrice.SnapshotsSharePrice"/> is set. Anything else is unpriced: the catalog never
/// guesses a price, and never prices an unknown model as zero.
/// </para>
/// <para>A catalog is immutable and thread-safe. Lookups are cached.</para>
/// </remarks>
public sealed partial class PriceCatalog
{
    private static readonly Lazy<PriceCatalog> s_builtIn = new(() => new PriceCatalog(BuiltInPrices.Create()));

    private readonly FrozenDictionary<string, ModelPrice> _prices;
    private readonly ModelPrice[] _unadjusted;
    private readonly ConcurrentDictionary<string, PriceResolution?> _resolutions = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PriceCatalog"/> class.</summary>
    /// <param name="prices">The entries. A later entry for the same model replaces an earlier one.</param>
    /// <param name="adjustments">Discounts applied on top, a model-level one winning over a provider-level one.</param>
    /// <exception cref="PriceCatalogException">An entry is invalid; the exception names each model and field.</exception>
    public PriceCatalog(IEnumerable<ModelPrice> prices, IEnumerable<PriceAdjustment>? adjustments = null)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var errors = new List<PriceCatalogError>();
        var byId = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var price in prices)
        {
            ArgumentNullException.ThrowIfNull(price, nameof(prices));
            PriceValidator.Validate(price, errors);
            byId[price.ModelId] = price;
        }

        Adjustments = adjustments?.ToArray() ?? [];
        foreach (var adjustment in Adjustments)
        {
            if (adjustment.Multiplier < 0m || (adjustment.ModelId is null && adjustment.Provider is null))
            {
                errors.Add(new PriceCatalogError(adjustment.ModelId, "adjustment",
                    "an adjustment needs a provider or a model and a multiplier of zero or more"));
            }
        }

        if (errors.Count > 0)
        {
            throw new PriceCatalogException(errors);
        }

        _unadjusted = [.. byId.Values];

        foreach (var (id, price) in byId)
        {
            var adjustment = Adjustments.FirstOrDefault(a => a.ModelId is not null && a.Matches(price))
                ?? Adjustments.FirstOrDefault(a => a.ModelId is null && a.Matches(price));
            if (adjustment is not null)
            {
                byId[id] = adjustment.Apply(price);
            }
        }

        _prices = byId.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the built-in prices for current OpenAI, Anthropic and Google models.</summary>
    /// <remarks>Each entry carries <see cref="ModelPrice.CheckedOn"/>: the day it was checked. Prices change; load a
    /// newer list with <see cref="PriceCatalogLoader"/> and layer it on with <see cref="WithPrices"/>.</remarks>
    public static PriceCatalog BuiltIn => s_builtIn.Value;

    /// <summary>Gets the number of models listed.</summary>
    public int Count => _prices.Count;

    /// <summary>Gets every listed price, adjustments applied.</summary>
    public IEnumerable<ModelPrice> Prices => _prices.Values;

    /// <summary>Gets the adjustments applied to the listed prices.</summary>
    public IReadOnlyList<PriceAdjustment> Adjustments { get; }

    /// <summary>Looks a model name up.</summary>
    /// <param name="modelId">The name, as requested or as the provider reported it.</param>
    /// <param name="resolution">The price found and how the name matched.</param>
    /// <returns><see langword="true"/> if the model is priced.</returns>
    public bool TryResolve(string? modelId, [NotNullWhen(true)] out PriceResolution? resolution)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            resolution = null;
            return false;
        }

        resolution = _resolutions.GetOrAdd(modelId, static (id, self) => self.ResolveUncached(id), this);
        return resolution is not null;
    }

    /// <summary>Returns a catalog with more entries layered on top; an entry for a listed model replaces it.</summary>
    /// <param name="prices">The entries to layer on.</param>
    /// <returns>A new catalog; this one is unchanged.</returns>
    public PriceCatalog WithPrices(IEnumerable<ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        return new PriceCatalog(_unadjusted.Concat(prices), Adjustments);
    }

    /// <summary>Returns a catalog with discounts layered on top of the ones it already has.</summary>
    /// <param name="adjustments">The discounts; a later one for the same provider or model wins.</param>
    /// <returns>A new catalog; this one is unchanged.</returns>
    public PriceCatalog WithAdjustments(params IEnumerable<PriceAdjustment> adjustments)
    {
        ArgumentNullException.ThrowIfNull(adjustments);
        return new PriceCatalog(_unadjusted, [.. adjustments.Reverse(), .. Adjustments]);
    }

    private PriceResolution? ResolveUncached(string modelId)
    {
        string name = modelId.Trim();
        var match = PriceMatch.Exact;
        while (true)
        {
            if (_prices.TryGetValue(name, out var price))
            {
                return new PriceResolution(modelId, price, match);
            }

            var snapshot = DatedSnapshot().Match(name);
            if (snapshot.Success && _prices.TryGetValue(snapshot.Groups["base"].Value, out var basePrice) &&
                basePrice.SnapshotsSharePrice)
            {
                return new PriceResolution(modelId, basePrice, PriceMatch.DatedSnapshot);
            }

            int slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || slash == name.Length - 1)
            {
                return null;
            }

            name = name[(slash + 1)..];
            match = PriceMatch.ProviderPrefixRemoved;
        }
    }

    [GeneratedRegex(@"^(?<base>.+?)-(?:\d{4}-\d{2}-\d{2}|\d{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedSnapshot();
}
