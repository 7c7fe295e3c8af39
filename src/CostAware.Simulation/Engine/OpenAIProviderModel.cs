using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>OpenAI: automatic prefix caching and reasoning tokens for the o-series and GPT-5 families.</summary>
internal sealed class OpenAIProviderModel(SimulatorSettings settings) : ProviderModel
{
    public OpenAIPromptCache Cache { get; } = new(settings.TimeProvider, settings.OpenAICacheIdleTimeout);

    public override string ProviderName => "openai";

    public override string ResponseIdPrefix => "chatcmpl-sim";

    public override PromptCacheUsage ApplyCache(string modelId, EncodedPrompt prompt) =>
        new(Cache.LookupAndStore(modelId, prompt.Tokens), 0, 0);

    public override bool IsReasoningModel(string modelId) =>
        modelId.StartsWith("o1", StringComparison.OrdinalIgnoreCase) ||
        modelId.StartsWith("o3", StringComparison.OrdinalIgnoreCase) ||
        modelId.StartsWith("o4", StringComparison.OrdinalIgnoreCase) ||
        modelId.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase);

    // The OpenAI adapter reports the prompt with its cached part included, and reasoning as part of the output.
    public override UsageDetails ToUsageDetails(SimulatedUsage usage) => new()
    {
        InputTokenCount = usage.PromptTokens,
        CachedInputTokenCount = usage.CacheReadTokens,
        OutputTokenCount = usage.OutputTokens,
        ReasoningTokenCount = usage.ReasoningTokens,
        TotalTokenCount = (long)usage.PromptTokens + usage.OutputTokens,
    };
}
