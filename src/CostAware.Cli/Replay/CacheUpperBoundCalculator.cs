using CostAware.Simulation;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Replay;

/// <summary>Computes a workload's <see cref="CacheUpperBound"/>: each request is put in the order the prefix orderer
/// sends it (volatile content last), encoded to the token ids the simulator caches, and measured against the
/// requests before it under its provider's rules.</summary>
/// <remarks>The prefix orderer itself rewrites each request, one orderer per provider as in the CostAware run, so that
/// the bound and the run agree on what is volatile and learn it at the same request; the rewritten request is
/// captured instead of sent. The orderer runs with its defaults (reorder, volatile lines to the current turn, tools
/// and documents sorted, learning from traffic) whatever the <c>PrefixOrdering</c> section says: the bound is a
/// property of the workload and the provider's rules, the same for every run and every configuration it is compared
/// with.</remarks>
internal static class CacheUpperBoundCalculator
{
    /// <summary>Computes the bound.</summary>
    /// <param name="requests">The requests, in order, with their models already mapped to the replay's rules.</param>
    /// <param name="settings">The replay's settings, for the simulator's token counter.</param>
    /// <param name="catalog">The prices, which give each model's minimum cacheable length.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The cached input tokens the provider rules allow at most, summed over the requests.</returns>
    public static async Task<long> ComputeAsync(
        IReadOnlyList<ReplayRequest> requests,
        ReplaySettings settings,
        PriceCatalog catalog,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(settings);
        var simulator = SimulatorSettings.From(RunSimulatorOptions.CopyFor(settings.Simulator, TimeProvider.System, catalog));
        var encoder = new PromptEncoder(simulator.TokenCounter);
        var anthropic = new AnthropicProviderModel(simulator);
        var orderers = new Dictionary<string, (CapturingChatClient Capture, IChatClient Orderer)>(StringComparer.Ordinal);
        var bound = new CacheUpperBound();

        try
        {
            foreach (var request in requests)
            {
                var (messages, options) = request.Copy();
                string key = ReplayEngine.SimulatorKeyOf(options.ModelId);
                if (!orderers.TryGetValue(key, out var pipeline))
                {
                    var capture = new CapturingChatClient(key);
                    var orderer = new PrefixOrderingChatClient(capture, new PrefixOrderingOptions(), catalog);
                    pipeline = (capture, orderer);
                    orderers.Add(key, pipeline);
                }

                await pipeline.Orderer.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                var (sentMessages, sentOptions) = pipeline.Capture.Last;
                var prompt = encoder.Encode(sentMessages, sentOptions);
                string model = sentOptions?.ModelId ?? simulator.DefaultModelId ?? string.Empty;
                if (key == ReplayProviderRules.Anthropic)
                {
                    bound.Add(model, prompt.Tokens, prompt.BlockEnds, PromptCacheRules.Anthropic, anthropic.MinimumCacheableTokens(model));
                }
                else
                {
                    bound.Add(model, prompt.Tokens, prompt.BlockEnds, PromptCacheRules.OpenAI, simulator.PriceOf(model)?.MinimumCacheableTokens);
                }
            }
        }
        finally
        {
            foreach (var (_, orderer) in orderers.Values)
            {
                orderer.Dispose();
            }
        }

        return bound.TotalTokens;
    }

    /// <summary>Keeps the last request it is given and answers with nothing; it presents itself as the provider
    /// whose rules the bound applies, so that the orderer treats the request as it does in the run.</summary>
    private sealed class CapturingChatClient(string providerName) : IChatClient
    {
        private readonly ChatClientMetadata _metadata = new(providerName);

        public (IReadOnlyList<ChatMessage> Messages, ChatOptions? Options) Last { get; private set; } = ([], null);

        public Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            Last = ([.. messages], options);
            return Task.FromResult(new ChatResponse());
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The bound is computed from non-streaming requests only.");

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;

        public void Dispose()
        {
        }
    }
}
