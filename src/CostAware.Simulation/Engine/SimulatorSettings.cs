namespace CostAware.Simulation;

/// <summary>The validated, read-only copy of <see cref="SimulatorOptions"/> a client works from.</summary>
internal sealed class SimulatorSettings
{
    private SimulatorSettings(SimulatorOptions options)
    {
        double failureRate = options.RateLimitFailureRate + options.ServerErrorFailureRate + options.TimeoutFailureRate;
        if (failureRate > 1 + 1e-9)
        {
            throw new ArgumentException(
                $"{nameof(SimulatorOptions.RateLimitFailureRate)}, {nameof(SimulatorOptions.ServerErrorFailureRate)} and " +
                $"{nameof(SimulatorOptions.TimeoutFailureRate)} must add up to at most 1; they add up to {failureRate}.",
                nameof(options));
        }

        Seed = options.Seed;
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        SimulateLatency = options.SimulateLatency;
        OpenAICacheIdleTimeout = options.OpenAICacheIdleTimeout;
        TimeoutFailureDelay = options.TimeoutFailureDelay;
        TokenCounter = options.TokenCounter ?? TiktokenTokenCounter.O200kBase;
        Catalog = options.Catalog ?? PriceCatalog.BuiltIn;
        DefaultModelId = options.DefaultModelId;
        Failures = new FailurePlan(options.Seed, options.RateLimitFailureRate, options.ServerErrorFailureRate, options.TimeoutFailureRate);
    }

    public int Seed { get; }

    public TimeProvider TimeProvider { get; }

    public bool SimulateLatency { get; }

    public TimeSpan OpenAICacheIdleTimeout { get; }

    public TimeSpan TimeoutFailureDelay { get; }

    public ITokenCounter TokenCounter { get; }

    public PriceCatalog Catalog { get; }

    public string? DefaultModelId { get; }

    public FailurePlan Failures { get; }

    public static SimulatorSettings From(SimulatorOptions? options) => new(options ?? new SimulatorOptions());

    public ModelPrice? PriceOf(string modelId) => Catalog.TryResolve(modelId, out var resolution) ? resolution.Price : null;
}
