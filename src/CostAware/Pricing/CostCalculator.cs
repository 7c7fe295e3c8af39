namespace CostAware;

/// <summary>Prices token usage with a <see cref="ModelPrice"/>.</summary>
/// <remarks>
/// <para>cost = uncached input × input + cache reads × cache read + 5-minute writes × write + 1-hour writes ×
/// 1-hour write + output × output, where reasoning tokens (part of output) take the reasoning price when the model
/// has one. Once the prompt (cache reads and writes included) exceeds a long-context threshold, that tier's prices
/// replace the standard ones it sets. Batch calls take batch prices; a model without stated batch prices is billed
/// at half its standard prices and the breakdown says the price was inferred.</para>
/// <para>A cache read or write with no price of its own is billed as uncached input. Unknown cache reads leave
/// every input token at the full price and mark the breakdown incomplete.</para>
/// </remarks>
public static class CostCalculator
{
    // Multiplying by a millionth gives the same value as dividing by a million, and is several times faster.
    private const decimal Millionth = 0.000001m;

    /// <summary>Prices one call.</summary>
    /// <param name="price">The model's prices.</param>
    /// <param name="usage">The call's tokens.</param>
    /// <param name="isBatch">Whether the call ran through the provider's batch service.</param>
    /// <returns>The cost by kind of token.</returns>
    public static CostBreakdown Calculate(ModelPrice price, TokenUsage usage, bool isBatch = false)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(usage);

        var tier = price.GetLongContextTier(usage.InputTokens ?? 0);

        decimal input = tier?.InputPerMillion ?? price.InputPerMillion;
        decimal output = tier?.OutputPerMillion ?? price.OutputPerMillion;
        decimal cacheRead = tier?.CachedInputPerMillion ?? price.CachedInputPerMillion ?? input;
        decimal cacheWrite = tier?.CacheWritePerMillion ?? price.CacheWritePerMillion ?? input;
        decimal cacheWrite1h = tier?.CacheWrite1HourPerMillion ?? price.CacheWrite1HourPerMillion ?? cacheWrite;
        decimal reasoning = price.ReasoningOutputPerMillion ?? output;

        if (isBatch)
        {
            // Batch discounts scale every input-side and output-side price alike.
            decimal inFactor = price.InputPerMillion == 0m ? 0.5m : price.EffectiveBatchInputPerMillion / price.InputPerMillion;
            decimal outFactor = price.OutputPerMillion == 0m ? 0.5m : price.EffectiveBatchOutputPerMillion / price.OutputPerMillion;
            input *= inFactor;
            cacheRead *= inFactor;
            cacheWrite *= inFactor;
            cacheWrite1h *= inFactor;
            output *= outFactor;
            reasoning *= outFactor;
        }

        // Reads and writes are parts of the prompt; a report that claims more than the prompt is inconsistent, so the
        // excess is not billed and the breakdown is marked incomplete rather than silently overcharged.
        long prompt = usage.InputTokens ?? 0;
        long reads = usage.CachedInputTokens ?? 0;
        long writes5m = usage.CacheWriteTokens ?? 0;
        long writes1h = usage.CacheWrite1HourTokens ?? 0;
        bool inconsistent = usage.InputTokens is not null && reads + writes5m + writes1h > prompt;
        if (inconsistent)
        {
            reads = Math.Min(reads, prompt);
            writes5m = Math.Min(writes5m, prompt - reads);
            writes1h = Math.Min(writes1h, prompt - reads - writes5m);
        }

        long outputTokens = usage.OutputTokens ?? 0;
        long reasoningTokens = price.ReasoningOutputPerMillion is null ? 0 : Math.Min(usage.ReasoningTokens ?? 0, outputTokens);

        return new CostBreakdown
        {
            Input = usage.UncachedInputTokens * input * Millionth,
            CachedInput = reads * cacheRead * Millionth,
            CacheWrite = ((writes5m * cacheWrite) + (writes1h * cacheWrite1h)) * Millionth,
            Output = (outputTokens - reasoningTokens) * output * Millionth,
            Reasoning = reasoningTokens * reasoning * Millionth,
            LongContextThreshold = tier?.ThresholdTokens,
            IsBatch = isBatch,
            IsBatchPriceInferred = isBatch && price.IsBatchPriceInferred,
            IsIncomplete = inconsistent || usage.InputTokens is null || usage.OutputTokens is null ||
                           (usage.CachedInputTokens is null && price.CachedInputPerMillion is not null),
        };
    }
}
