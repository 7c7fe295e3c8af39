namespace CostAware.Simulation;

/// <summary>Keys of the <c>AdditionalProperties</c> a simulator puts on its responses: on the
/// <c>ChatResponse</c> itself, or, when streaming, on the final update (which <c>ToChatResponseAsync</c> copies to
/// the response's last message, not to the response).</summary>
public static class SimulatorResponseProperties
{
    /// <summary>The simulated time to the first token, a <see cref="TimeSpan"/>.</summary>
    public const string TimeToFirstToken = "CostAware.Simulation.TimeToFirstToken";

    /// <summary>The simulated duration of the whole call, a <see cref="TimeSpan"/>.</summary>
    public const string Latency = "CostAware.Simulation.Latency";
}
