namespace CostAware.Cli.Cascade;

/// <summary>Finds each tier's price in the catalog, following <c>--price-as</c> mappings.</summary>
internal static class TierPricing
{
    /// <summary>Parses the <c>--price-as MODEL=CATALOGNAME</c> mappings.</summary>
    /// <param name="mappings">The values given.</param>
    /// <param name="tiers">The tiers' models; every mapping must name one.</param>
    /// <returns>The catalog name by model.</returns>
    /// <exception cref="CliException">A mapping is malformed or names no tier.</exception>
    public static Dictionary<string, string> ParseMappings(IReadOnlyList<string> mappings, IReadOnlyList<string> tiers)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(tiers);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string mapping in mappings)
        {
            int equals = mapping.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == mapping.Length - 1)
            {
                throw new CliException($"--price-as '{mapping}' should be MODEL=CATALOGNAME, for example 'mistralai/Mixtral-8x7B-Instruct-v0.1=together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1'.");
            }

            string model = mapping[..equals].Trim();
            if (!tiers.Contains(model, StringComparer.Ordinal))
            {
                throw new CliException($"--price-as names '{model}', which is not one of the tiers ({string.Join(", ", tiers)}).");
            }

            result[model] = mapping[(equals + 1)..].Trim();
        }

        return result;
    }

    /// <summary>Finds the price of every tier whose calls the data does not record the cost of.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="tiers">The tiers' models, cheapest first.</param>
    /// <param name="priceAs">The catalog name to price a model as, by model.</param>
    /// <param name="hasRecordedCost">Per tier, whether the data records each call's cost.</param>
    /// <returns>Per tier, the price, or <see langword="null"/> where recorded costs are used.</returns>
    /// <exception cref="CliException">A tier that needs a price has none; the message names the model.</exception>
    public static IReadOnlyList<ModelPrice?> Resolve(
        PriceCatalog catalog,
        IReadOnlyList<string> tiers,
        IReadOnlyDictionary<string, string> priceAs,
        IReadOnlyList<bool> hasRecordedCost)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(priceAs);
        ArgumentNullException.ThrowIfNull(hasRecordedCost);

        var prices = new ModelPrice?[tiers.Count];
        for (int i = 0; i < tiers.Count; i++)
        {
            if (hasRecordedCost[i])
            {
                continue;
            }

            string model = tiers[i];
            if (priceAs.TryGetValue(model, out string? name))
            {
                prices[i] = catalog.TryResolve(name, out var mapped)
                    ? mapped.Price
                    : throw new CliException($"--price-as maps tier '{model}' to '{name}', which is not in the price catalog (add it with --catalog FILE).");
                continue;
            }

            prices[i] = catalog.TryResolve(model, out var resolution)
                ? resolution.Price
                : throw new CliException(
                    $"tier '{model}' is not priced: it is not in the price catalog and the data records no cost for it; " +
                    $"add its price with --catalog FILE, or map it to a listed model with --price-as '{model}=CATALOGNAME'.");
        }

        return prices;
    }
}
