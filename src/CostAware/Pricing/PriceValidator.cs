namespace CostAware;

/// <summary>Checks a price entry for values no provider charges.</summary>
internal static class PriceValidator
{
    public static void Validate(ModelPrice price, List<PriceCatalogError> errors)
    {
        string id = price.ModelId;
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(new PriceCatalogError(null, "model", "a price entry has no model id"));
            return;
        }

        CheckNonNegative(id, "input", price.InputPerMillion, errors);
        CheckNonNegative(id, "output", price.OutputPerMillion, errors);
        CheckNonNegative(id, "cached_input", price.CachedInputPerMillion, errors);
        CheckNonNegative(id, "cache_write", price.CacheWritePerMillion, errors);
        CheckNonNegative(id, "cache_write_1h", price.CacheWrite1HourPerMillion, errors);
        CheckNonNegative(id, "reasoning_output", price.ReasoningOutputPerMillion, errors);
        CheckNonNegative(id, "batch_input", price.BatchInputPerMillion, errors);
        CheckNonNegative(id, "batch_output", price.BatchOutputPerMillion, errors);

        if (price.CachedInputPerMillion > price.InputPerMillion)
        {
            errors.Add(new PriceCatalogError(id, "cached_input",
                $"a cache read ({price.CachedInputPerMillion}/M) costs more than uncached input ({price.InputPerMillion}/M)"));
        }

        if (price.BatchInputPerMillion > price.InputPerMillion)
        {
            errors.Add(new PriceCatalogError(id, "batch_input",
                $"the batch price ({price.BatchInputPerMillion}/M) is above the standard input price ({price.InputPerMillion}/M)"));
        }

        if (price.BatchOutputPerMillion > price.OutputPerMillion)
        {
            errors.Add(new PriceCatalogError(id, "batch_output",
                $"the batch price ({price.BatchOutputPerMillion}/M) is above the standard output price ({price.OutputPerMillion}/M)"));
        }

        if (price.MaxInputTokens <= 0 || price.MaxOutputTokens <= 0 || price.MinimumCacheableTokens < 0)
        {
            errors.Add(new PriceCatalogError(id, "limits", "token limits must be positive"));
        }

        foreach (var tier in price.LongContextTiers)
        {
            string field = $"long_context[above {tier.ThresholdTokens}]";
            if (tier.ThresholdTokens <= 0)
            {
                errors.Add(new PriceCatalogError(id, field, "the threshold must be a positive number of tokens"));
            }

            if (!tier.HasAnyPrice)
            {
                errors.Add(new PriceCatalogError(id, field, "a long-context threshold is given without any tier price"));
            }

            CheckNonNegative(id, field + ".input", tier.InputPerMillion, errors);
            CheckNonNegative(id, field + ".cached_input", tier.CachedInputPerMillion, errors);
            CheckNonNegative(id, field + ".cache_write", tier.CacheWritePerMillion, errors);
            CheckNonNegative(id, field + ".cache_write_1h", tier.CacheWrite1HourPerMillion, errors);
            CheckNonNegative(id, field + ".output", tier.OutputPerMillion, errors);
        }
    }

    private static void CheckNonNegative(string id, string field, decimal? value, List<PriceCatalogError> errors)
    {
        if (value < 0m)
        {
            errors.Add(new PriceCatalogError(id, field, $"a price cannot be negative (found {value})"));
        }
    }
}
