using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>
/// A deterministic, offline <see cref="IChatClient"/> that behaves like
/// OpenAI's Chat Completions API as its Microsoft.Extensions.AI adapter reports it: automatic prompt caching of
/// prefixes of 1,024 tokens and more in 128-token steps, and reasoning tokens for the o-series and GPT-5 families.
/// </summary>
/// <remarks>
/// <para>Prompt tokens are counted with the configured <see cref="ITokenCounter"/> exactly as
/// <see cref="ITokenCounter.CountPromptTokens"/> counts them. <see cref="UsageDetails.InputTokenCount"/> includes the
/// cached tokens, <see cref="UsageDetails.CachedInputTokenCount"/> is the cached part and <see
/// cref="UsageDetails.ReasoningTokenCount"/> is part of <see cref="UsageDetails.OutputTokenCount"/> (null for models
/// that do not reason).</para>
/// </remarks>
public sealed class OpenAISimulatorChatClient : SimulatedChatClient
{
    /// <summary>Initializes a new instance of the <see cref="OpenAISimulatorChatClient"/> class.</summary>
    /// <param name="options">The simulator's options; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The failure rates add up to more than 1.</exception>
    public OpenAISimulatorChatClient(SimulatorOptions? options = null)
        : base(options, static settings => new OpenAIProviderModel(settings))
    {
    }
}
