using CostAware.Simulation;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Replay;

/// <summary>Replays a workload through a client, one request at a time, in simulated time.</summary>
/// <param name="catalog">The prices.</param>
/// <param name="settings">The simulator, decorator and pacing options.</param>
internal sealed class ReplayEngine(PriceCatalog catalog, ReplaySettings settings)
{
    /// <summary>How far virtual time moves at a time while a call waits out its simulated latency.</summary>
    private static readonly TimeSpan s_latencyStep = TimeSpan.FromMilliseconds(50);

    /// <summary>The name of the run that sends the requests as written.</summary>
    public const string BaselineRun = "baseline";

    /// <summary>The name of the run that sends the requests through the CostAware pipeline.</summary>
    public const string CostAwareRun = "costaware";

    /// <summary>Replays a workload on a fresh simulator, each run with its own clock and its own provider caches.</summary>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="costAware">Whether to send them through the CostAware pipeline rather than as written.</param>
    /// <param name="progress">Told after each request.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's cost.</returns>
    public Task<ReplayRunResult> SimulateAsync(
        IReadOnlyList<ReplayRequest> requests,
        bool costAware,
        Action? progress,
        CancellationToken cancellationToken)
    {
        var clock = new SimulationClock(settings.Replay.Start);
        var simulatorOptions = RunSimulatorOptions.CopyFor(settings.Simulator, clock, catalog);
        var ledger = new InMemoryCostLedger();
        var client = new ModelRoutingChatClient(
            SimulatorKeyOf,
            key => Decorate(
                key == ReplayProviderRules.Anthropic
                    ? new AnthropicSimulatorChatClient(simulatorOptions)
                    : new OpenAISimulatorChatClient(simulatorOptions),
                costAware,
                ledger,
                clock));
        return RunAsync(requests, costAware ? CostAwareRun : BaselineRun, client, ledger, clock, progress, cancellationToken);
    }

    /// <summary>Replays a workload through the CostAware pipeline over a given provider, in real time.</summary>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="createProvider">Creates the provider client of a model; each is disposed when the run
    /// ends.</param>
    /// <param name="progress">Told after each request.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's cost.</returns>
    public Task<ReplayRunResult> RunLiveAsync(
        IReadOnlyList<ReplayRequest> requests,
        Func<string, IChatClient> createProvider,
        Action? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createProvider);
        var ledger = new InMemoryCostLedger();
        var client = new ModelRoutingChatClient(
            static model => model ?? string.Empty,
            model => Decorate(createProvider(model), costAware: true, ledger, TimeProvider.System));
        return RunAsync(requests, CostAwareRun, client, ledger, simulationClock: null, progress, cancellationToken);
    }

    /// <summary>Computes the most cached input tokens the provider rules allow for a workload (see
    /// <see cref="CacheUpperBoundCalculator"/>).</summary>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The bound, in tokens.</returns>
    public Task<long> ComputeCacheUpperBoundAsync(IReadOnlyList<ReplayRequest> requests, CancellationToken cancellationToken) =>
        CacheUpperBoundCalculator.ComputeAsync(requests, settings, catalog, cancellationToken);

    /// <summary>Tells which simulator serves a model: Anthropic's for <c>claude-*</c>, else OpenAI's.</summary>
    /// <param name="modelId">The model.</param>
    /// <returns><c>anthropic</c> or <c>openai</c>.</returns>
    internal static string SimulatorKeyOf(string? modelId)
    {
        string name = modelId ?? string.Empty;
        int slash = name.LastIndexOf('/');
        return name[(slash + 1)..].StartsWith("claude", StringComparison.OrdinalIgnoreCase) ? "anthropic" : "openai";
    }

    private IChatClient Decorate(IChatClient provider, bool costAware, ICostLedger ledger, TimeProvider clock) => costAware
        ? ReplayPipeline.CreateCostAware(provider, catalog, ledger, settings, clock)
        : ReplayPipeline.CreateBaseline(provider, catalog, ledger, settings, clock);

    private async Task<ReplayRunResult> RunAsync(
        IReadOnlyList<ReplayRequest> requests,
        string name,
        IChatClient router,
        InMemoryCostLedger ledger,
        SimulationClock? simulationClock,
        Action? progress,
        CancellationToken cancellationToken)
    {
        var failures = new List<(int, string)>();
        using var client = router;

        for (int i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var (messages, options) = request.Copy();
            try
            {
                var call = client.GetResponseAsync(messages, options, cancellationToken);
                if (simulationClock is not null)
                {
                    await WaitInVirtualTimeAsync(call, simulationClock).ConfigureAwait(false);
                }

                await call.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add((request.LineNumber, Describe(ex)));
            }

            progress?.Invoke();
            if (simulationClock is not null)
            {
                // Requests arrive on a fixed schedule; a call whose simulated latency ran past the next arrival
                // simply delays it.
                var next = settings.Replay.Start + (settings.Replay.InterArrivalTime * (i + 1));
                var now = simulationClock.GetUtcNow();
                simulationClock.Advance(next > now ? next - now : TimeSpan.Zero);
            }
        }

        return new ReplayRunResult(name, ledger.GetEntries(), ledger.GetStatistics(), failures);
    }

    /// <summary>Lets a call that waits out simulated latency finish, moving virtual time on while it waits.</summary>
    private static async Task WaitInVirtualTimeAsync(Task call, SimulationClock clock)
    {
        while (!call.IsCompleted)
        {
            if (clock.PendingTimerCount > 0)
            {
                clock.Advance(s_latencyStep);
            }

            await Task.Yield();
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        SimulatedProviderException simulated => $"simulated HTTP {simulated.StatusCode}: {simulated.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
