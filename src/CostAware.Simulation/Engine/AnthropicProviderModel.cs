using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>Anthropic: caching only at <c>cache_control</c> breakpoints, with a per-model minimum length.</summary>
internal sealed class AnthropicProviderModel(SimulatorSettings settings) : ProviderModel
{
    /// <summary>The minimum cacheable prefix for Opus and Sonnet models missing from the catalog.</summary>
    public const int FallbackMinimumTokens = 1024;

    /// <summary>The minimum cacheable prefix for Haiku 3.x models missing from the catalog.</summary>
    public const int FallbackHaiku3MinimumTokens = 2048;

    public AnthropicPromptCache Cache { get; } = new(settings.TimeProvider);

    public override string ProviderName => "anthropic";

    public override string ResponseIdPrefix => "msg_sim";

    public override void Validate(EncodedPrompt prompt)
    {
        if (prompt.Breakpoints.Count > AnthropicPromptCache.MaximumBreakpoints)
        {
            throw new SimulatedProviderException(
                400,
                $"invalid_request_error: A maximum of {AnthropicPromptCache.MaximumBreakpoints} blocks with cache_control " +
                $"may be provided. Found {prompt.Breakpoints.Count}.");
        }
    }

    public override PromptCacheUsage ApplyCache(string modelId, EncodedPrompt prompt) =>
        Cache.Apply(modelId, prompt.Tokens, prompt.BlockEnds, prompt.Breakpoints, MinimumCacheableTokens(modelId));

    public override bool IsReasoningModel(string modelId) => false;

    // The Anthropic adapter adds cache reads and writes back into the input count, which the API leaves out.
    public override UsageDetails ToUsageDetails(SimulatedUsage usage)
    {
        int writes = usage.CacheWrite5MinuteTokens + usage.CacheWrite1HourTokens;
        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            CachedInputTokenCount = usage.CacheReadTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = (long)usage.PromptTokens + usage.OutputTokens,
            AdditionalCounts = new() { [UsageReader.CacheCreationKey] = writes },
        };

        // The adapter has no 1-hour count; the simulator adds one, only when there is one, so it can be priced.
        if (usage.CacheWrite1HourTokens > 0)
        {
            details.AdditionalCounts[UsageReader.CacheCreation1HourKey] = usage.CacheWrite1HourTokens;
        }

        return details;
    }

    public int MinimumCacheableTokens(string modelId)
    {
        if (settings.PriceOf(modelId)?.MinimumCacheableTokens is { } minimum)
        {
            return minimum;
        }

        bool haiku3 = modelId.Contains("haiku", StringComparison.OrdinalIgnoreCase) &&
                      modelId.Contains("-3", StringComparison.Ordinal);
        return haiku3 ? FallbackHaiku3MinimumTokens : FallbackMinimumTokens;
    }
}
