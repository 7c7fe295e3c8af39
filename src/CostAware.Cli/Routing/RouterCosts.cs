namespace CostAware.Cli.Routing;

/// <summary>What each prompt's calls cost with the weak and with the strong model, or why they cannot be priced.</summary>
/// <param name="Weak">Per prompt, the weak model's cost, or <see langword="null"/> when it cannot be priced.</param>
/// <param name="Strong">Per prompt, the strong model's cost, or <see langword="null"/>.</param>
/// <param name="Basis">How the costs were found, or why they could not be, for people.</param>
internal sealed record RouterCosts(IReadOnlyList<decimal>? Weak, IReadOnlyList<decimal>? Strong, string Basis)
{
    /// <summary>Prices every prompt's calls for both models: the data's recorded costs where it has them, else the
    /// o200k_base token counts of the recorded prompts and answers at the catalog's price.</summary>
    /// <param name="rows">The prompts.</param>
    /// <param name="weak">The weak model's name, looked up in the catalog.</param>
    /// <param name="strong">The strong model's name, looked up in the catalog.</param>
    /// <param name="catalog">The prices.</param>
    /// <param name="priceAs">The catalog name to price a model as, by model (<c>--price-as</c>).</param>
    /// <param name="counter">Counts tokens.</param>
    /// <returns>The costs, or none with the reason when a model is unpriced or the data holds no answers.</returns>
    /// <exception cref="CliException">A <c>--price-as</c> mapping names a model the catalog does not list.</exception>
    public static RouterCosts Compute(
        IReadOnlyList<RouterRow> rows,
        string weak,
        string strong,
        PriceCatalog catalog,
        IReadOnlyDictionary<string, string> priceAs,
        ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(priceAs);
        ArgumentNullException.ThrowIfNull(counter);

        var weakCosts = Price(rows, static r => r.Weak, weak, catalog, priceAs, counter, out string weakBasis);
        var strongCosts = Price(rows, static r => r.Strong, strong, catalog, priceAs, counter, out string strongBasis);
        return weakCosts is null || strongCosts is null
            ? new RouterCosts(null, null, weakCosts is null ? weakBasis : strongBasis)
            : new RouterCosts(weakCosts, strongCosts, weakBasis == strongBasis ? weakBasis : $"{weakBasis} ({weak}); {strongBasis} ({strong})");
    }

    private static decimal[]? Price(
        IReadOnlyList<RouterRow> rows,
        Func<RouterRow, ModelOutcome> outcome,
        string model,
        PriceCatalog catalog,
        IReadOnlyDictionary<string, string> priceAs,
        ITokenCounter counter,
        out string basis)
    {
        if (rows.All(r => outcome(r).RecordedCostUsd is not null))
        {
            basis = "costs recorded in the data";
            return [.. rows.Select(r => outcome(r).RecordedCostUsd!.Value)];
        }

        if (rows.Any(r => outcome(r).Calls is null))
        {
            basis = $"the data holds no answers of '{model}' to count tokens of";
            return null;
        }

        PriceResolution? resolution;
        if (priceAs.TryGetValue(model, out string? name))
        {
            if (!catalog.TryResolve(name, out resolution))
            {
                throw new CliException($"--price-as maps '{model}' to '{name}', which is not in the price catalog (add it with --catalog FILE).");
            }
        }
        else if (!catalog.TryResolve(model, out resolution))
        {
            basis = $"'{model}' is not in the price catalog (add it with --catalog FILE, or map it to a listed model with --price-as '{model}=CATALOGNAME')";
            return null;
        }

        basis = "o200k_base token counts of the recorded prompts and answers at catalog prices";
        var costs = new decimal[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            decimal cost = 0m;
            foreach (var call in outcome(rows[i]).Calls!)
            {
                var usage = new TokenUsage
                {
                    InputTokens = counter.CountPromptTokens(call.Messages),
                    CachedInputTokens = 0,
                    OutputTokens = counter.CountTokens(call.Response),
                };
                cost += CostCalculator.Calculate(resolution.Price, usage).Total;
            }

            costs[i] = cost;
        }

        return costs;
    }
}
