namespace CostAware;

/// <summary>The names the agent runner uses for its instruments and tags, on the <see cref="CostAwareTelemetry.MeterName"/>
/// meter.</summary>
public static class AgentTelemetry
{
    /// <summary>The counter of agent steps (model calls), by <see cref="CostAwareTelemetry.TierTag"/> and
    /// <see cref="StepKindTag"/>.</summary>
    public const string StepsInstrument = "costaware.agent.steps";

    /// <summary>The counter of the dollars agent steps cost, by <see cref="CostAwareTelemetry.TierTag"/>, in
    /// <see cref="CostAwareTelemetry.CostUnit"/>.</summary>
    public const string StepCostInstrument = "costaware.agent.step.cost";

    /// <summary>The counter of the tokens agent steps used, input and output, by <see cref="CostAwareTelemetry.TierTag"/>.</summary>
    public const string StepTokensInstrument = "costaware.agent.step.tokens";

    /// <summary>The counter of runs a bound stopped, by <see cref="StopReasonTag"/>.</summary>
    public const string StopsInstrument = "costaware.agent.stops";

    /// <summary>The histogram of the steps a run had made when a bound stopped it, by <see cref="StopReasonTag"/>.</summary>
    public const string StepsPerStoppedRunInstrument = "costaware.agent.run.steps";

    /// <summary>The histogram of the dollars a run had cost when a bound stopped it, by <see cref="StopReasonTag"/>.</summary>
    public const string CostPerStoppedRunInstrument = "costaware.agent.run.cost";

    /// <summary>The stop reason tag (see <see cref="AgentStopReason"/>), in snake case: <c>step_cap</c>,
    /// <c>token_budget</c>, <c>cost_budget</c>, <c>time</c>, <c>cancelled</c>, <c>loop_detected</c>.</summary>
    public const string StopReasonTag = "costaware.agent.stop_reason";

    /// <summary>The step kind tag: <c>work</c> for a step with the caller's tools, <c>final</c> for the synthesis
    /// step.</summary>
    public const string StepKindTag = "costaware.agent.step_kind";

    /// <summary>The unit of the step counters.</summary>
    public const string StepUnit = "{step}";

    internal static string ToTagValue(AgentStopReason reason) => reason switch
    {
        AgentStopReason.StepCap => "step_cap",
        AgentStopReason.TokenBudget => "token_budget",
        AgentStopReason.CostBudget => "cost_budget",
        AgentStopReason.Time => "time",
        AgentStopReason.Cancelled => "cancelled",
        AgentStopReason.LoopDetected => "loop_detected",
        _ => "none",
    };
}
