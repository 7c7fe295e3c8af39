namespace CostAware;

/// <summary>What the agent runner does when a bound is reached.</summary>
public enum AgentBoundBehavior
{
    /// <summary>Make one last synthesis call without tools (<see cref="AgentRunOptions.FinalStepPrompt"/>), so that
    /// the tool loop receives a plain answer and stops; when even that call does not fit the bounds, stop as with
    /// <see cref="Stop"/>.</summary>
    FinalStep,

    /// <summary>Return a response that ends the tool loop at once and carries the report, with the transcript so
    /// far.</summary>
    Stop,
}
