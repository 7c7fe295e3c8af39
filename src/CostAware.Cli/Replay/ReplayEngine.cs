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
        var provider = new ModelRoutingChatClient(
            SimulatorKeyOf,
            key => key == "anthropic"
                ? new AnthropicSimulatorChatClient(simulatorOptions)
                : new OpenAISimulatorChatClient(simulatorOptions));
        return RunAsync(requests, costAware ? CostAwareRun : BaselineRun, provider, clock, clock, progress, cancellationToken);
    }

    /// <summary>Replays a workload through the CostAware pipeline over a given provider, in real time.</summary>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="provider">The provider; disposed when the run ends.</param>
    /// <param name="progress">Told after each request.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's cost.</returns>
    public Task<ReplayRunResult> RunLiveAsync(
        IReadOnlyList<ReplayRequest> requests,
        IChatClient provider,
        Action? progress,
        CancellationToken cancellationToken) =>
        RunAsync(requests, CostAwareRun, provider, TimeProvider.System, simulationClock: null, progress, cancellationToken);

    /// <summary>Tells which simulator serves a model: Anthropic's for <c>claude-*</c>, else OpenAI's.</summary>
    /// <param name="modelId">The model.</param>
    /// <returns><c>anthropic</c> or <c>openai</c>.</returns>
    internal static string SimulatorKeyOf(string? modelId)
    {
        string name = modelId ?? string.Empty;
        int slash = name.LastIndexOf('/');
        return name[(slash + 1)..].StartsWith("claude", StringComparison.OrdinalIgnoreCase) ? "anthropic" : "openai";
    }

    private async Task<ReplayRunResult> RunAsync(
        IReadOnlyList<ReplayRequest> requests,
        string name,
        IChatClient provider,
        TimeProvider clock,
        SimulationClock? simulationClock,
        Action? progress,
        CancellationToken cancellationToken)
    {
        var ledger = new InMemoryCostLedger();
        var failures = new List<(int, string)>();
        using var client = name == CostAwareRun
            ? ReplayPipeline.CreateCostAware(provider, catalog, ledger, settings, clock)
            : ReplayPipeline.CreateBaseline(provider, catalog, ledger, settings, clock);

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
