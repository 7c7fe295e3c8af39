using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>Everything decided about one call before any time passes: its outcome, its answer and its timing.</summary>
internal sealed class SimulatedCall
{
    public required string ModelId { get; init; }

    public required string ResponseId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public InjectedFailure Failure { get; init; }

    public string Text { get; init; } = string.Empty;

    public ChatFinishReason FinishReason { get; init; } = ChatFinishReason.Stop;

    public UsageDetails? Usage { get; init; }

    /// <summary>Gets the time to the first token of any kind.</summary>
    public TimeSpan TimeToFirstToken { get; init; }

    /// <summary>Gets the time to the first visible text, after any reasoning.</summary>
    public TimeSpan TimeToFirstText { get; init; }

    /// <summary>Gets the duration of the whole call (for a failure, the time until it is reported).</summary>
    public TimeSpan Latency { get; init; }

    public Exception CreateFailure() => Failure switch
    {
        InjectedFailure.RateLimit => new SimulatedProviderException(429, $"Simulated rate limit (429) for model '{ModelId}'."),
        InjectedFailure.ServerError => new SimulatedProviderException(500, $"Simulated server error (500) for model '{ModelId}'."),
        InjectedFailure.Timeout => new TimeoutException($"Simulated timeout for model '{ModelId}' after {Latency.TotalSeconds:0.###} s."),
        _ => throw new InvalidOperationException("The call did not fail."),
    };

    public AdditionalPropertiesDictionary TimingProperties() => new()
    {
        [SimulatorResponseProperties.TimeToFirstToken] = TimeToFirstToken,
        [SimulatorResponseProperties.Latency] = Latency,
    };
}
