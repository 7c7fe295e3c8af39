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
/// <para>The same seed and the same sequence of requests give the same answers, counts, latencies and failures.
/// This type is thread-safe; its prompt cache is shared by all callers.</para>
/// </remarks>
public sealed class AnthropicSimulatorChatClient : IChatClient
{
    private readonly SimulationEngine _engine;

    /// <summary>Initializes a new instance of the <see cref="AnthropicSimulatorChatClient"/> class.</summary>
    /// <param name="options">The simulator's options; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The failure rates add up to more than 1.</exception>
    public AnthropicSimulatorChatClient(SimulatorOptions? options = null)
    {
        var settings = SimulatorSettings.From(options);
        _engine = new SimulationEngine(settings, new AnthropicProviderModel(settings));
    }

    internal SimulationEngine Engine => _engine;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Neither <see cref="ChatOptions.ModelId"/> nor
    /// <see cref="SimulatorOptions.DefaultModelId"/> is set.</exception>
    /// <exception cref="SimulatedProviderException">An injected failure (429 or 500), or a request the API rejects
    /// (400).</exception>
    /// <exception cref="TimeoutException">An injected timeout.</exception>
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        _engine.GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Text arrives in updates of a few words, paced by the simulated latency; a last update carries the
    /// <see cref="UsageContent"/> and the <see cref="ChatResponseUpdate.FinishReason"/>.</remarks>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        _engine.GetStreamingResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _engine.Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the simulator holds no connections or unmanaged state.
    }
}
