using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>
/// A deterministic, offline <see cref="IChatClient"/> that behaves like
/// Anthropic's Messages API as its Microsoft.Extensions.AI adapter reports it: prompt caching only at
/// <c>cache_control</c> breakpoints (at most four), with the model's minimum cacheable length and five-minute or
/// one-hour lifetimes.
/// </summary>
/// <remarks>
/// <para>Prompt tokens are counted with the configured <see cref="ITokenCounter"/> exactly as
/// <see cref="ITokenCounter.CountPromptTokens"/> counts them. <see cref="UsageDetails.InputTokenCount"/> is the whole
/// prompt (the API's <c>input_tokens</c> plus cache reads and writes), <see cref="UsageDetails.CachedInputTokenCount"/>
/// the cache reads and <c>AdditionalCounts["CacheCreationInputTokens"]</c> the cache writes; one-hour writes are also
/// given under <c>"CacheCreation1hInputTokens"</c> when there are any.</para>
/// </remarks>
public sealed class AnthropicSimulatorChatClient : SimulatedChatClient
{
    /// <summary>Initializes a new instance of the <see cref="AnthropicSimulatorChatClient"/> class.</summary>
    /// <param name="options">The simulator's options; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The failure rates add up to more than 1.</exception>
    public AnthropicSimulatorChatClient(SimulatorOptions? options = null)
        : base(options, static settings => new AnthropicProviderModel(settings))
    {
    }
}
