namespace CostAware;

/// <summary>Why an agent run stopped.</summary>
public enum AgentStopReason
{
    /// <summary>No bound stopped the run: it is still going, or the model answered on its own.</summary>
    None = 0,

    /// <summary>The run reached <see cref="AgentRunOptions.MaximumStepsPerRun"/>.</summary>
    StepCap,

    /// <summary>The next step's worst case would have crossed <see cref="AgentRunOptions.MaximumTokensPerRun"/>.</summary>
    TokenBudget,

    /// <summary>The next step's worst case would have crossed <see cref="AgentRunOptions.MaximumCostPerRun"/>, or
    /// its model could not be priced while a dollar cap is set.</summary>
    CostBudget,

    /// <summary>The run has been going for <see cref="AgentRunOptions.MaximumDurationPerRun"/> or longer.</summary>
    Time,

    /// <summary>The caller cancelled the run.</summary>
    Cancelled,

    /// <summary>The same tool was called with the same arguments too often, or too many steps in a row made no
    /// progress.</summary>
    LoopDetected,
}
