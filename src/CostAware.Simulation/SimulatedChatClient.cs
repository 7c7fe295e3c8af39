using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>
/// The behaviour the provider simulators share: a deterministic, offline <see cref="IChatClient"/> whose provider
/// rules (prompt caching, usage reporting) come from the derived class.
/// </summary>
/// <remarks>The same seed and the same sequence of requests give the same answers, counts, latencies and failures.
/// This type is thread-safe; its prompt cache is shared by all callers.</remarks>
public abstract class SimulatedChatClient : IChatClient
{
    private readonly SimulationEngine _engine;

    private protected SimulatedChatClient(SimulatorOptions? options, Func<SimulatorSettings, ProviderModel> provider)
    {
        var settings = SimulatorSettings.From(options);
        _engine = new SimulationEngine(settings, provider(settings));
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
        GC.SuppressFinalize(this);
    }
}
