using CostAware.Simulation;

namespace CostAware.Cli.Replay;

/// <summary>Prepares simulator options for one run.</summary>
internal static class RunSimulatorOptions
{
    /// <summary>Copies the configured simulator options, with the run's own clock and the replay's catalog.</summary>
    /// <param name="source">The configured options.</param>
    /// <param name="clock">The run's clock.</param>
    /// <param name="catalog">The prices, which also give each model's limits.</param>
    /// <returns>The copy.</returns>
    public static SimulatorOptions CopyFor(SimulatorOptions source, TimeProvider clock, PriceCatalog catalog) => new()
    {
        Seed = source.Seed,
        TimeProvider = clock,
        SimulateLatency = source.SimulateLatency,
        OpenAICacheIdleTimeout = source.OpenAICacheIdleTimeout,
        RateLimitFailureRate = source.RateLimitFailureRate,
        ServerErrorFailureRate = source.ServerErrorFailureRate,
        TimeoutFailureRate = source.TimeoutFailureRate,
        TimeoutFailureDelay = source.TimeoutFailureDelay,
        TokenCounter = source.TokenCounter,
        Catalog = source.Catalog ?? catalog,
        DefaultModelId = source.DefaultModelId,
    };
}
