namespace CostAware;

/// <summary>The bounds of an agent run, what happens when one is reached, and the tiers steps can go to.</summary>
/// <remarks>The runner copies the options when it is built; later changes have no effect.</remarks>
public sealed class AgentRunOptions
{
    /// <summary>The default of <see cref="MaximumStepsPerRun"/>: 25.</summary>
    public const int DefaultMaximumStepsPerRun = 25;

    /// <summary>The default of <see cref="TopTierName"/>: <c>top</c>.</summary>
    public const string DefaultTopTierName = "top";

    /// <summary>The default of <see cref="FinalStepPrompt"/>.</summary>
    public const string DefaultFinalStepPrompt =
        "Stop using tools now. Summarise what you found so far and answer as best you can.";

    /// <summary>The default of <see cref="StopMessage"/>.</summary>
    public const string DefaultStopMessage = "The agent run was stopped before it finished.";

    /// <summary>The default of <see cref="IdenticalToolCallsForLoop"/> and <see cref="StepsWithoutProgressForLoop"/>: 3.</summary>
    public const int DefaultLoopThreshold = 3;

    /// <summary>The default of <see cref="FallbackMaximumOutputTokens"/>: 16,384.</summary>
    public const int DefaultFallbackMaximumOutputTokens = 16_384;

    /// <summary>Gets the cheaper tiers, cheapest first; the client the runner wraps is the strongest tier, named
    /// <see cref="TopTierName"/>. Empty by default: every step goes to the wrapped client.</summary>
    /// <value>Empty by default.</value>
    public IList<EscalationTier> Tiers { get; } = [];

    /// <summary>Gets or sets the name of the strongest tier, the wrapped client.</summary>
    /// <value><see cref="DefaultTopTierName"/> (<c>top</c>) by default.</value>
    public string TopTierName { get; set; } = DefaultTopTierName;

    /// <summary>Gets or sets the most model calls one run may make, the final synthesis step included.</summary>
    /// <value><see cref="DefaultMaximumStepsPerRun"/> (25) by default; at least 1.</value>
    public int MaximumStepsPerRun { get; set; } = DefaultMaximumStepsPerRun;

    /// <summary>Gets or sets the most input plus output tokens one run may use; a step whose worst case (its prompt
    /// tokens plus its maximum output tokens) would cross it is not started.</summary>
    /// <value><see langword="null"/> (no token cap) by default; at least 1 when set.</value>
    public long? MaximumTokensPerRun { get; set; }

    /// <summary>Gets or sets the most US dollars one run may cost; a step whose worst case, priced at its tier's
    /// catalog prices, would cross it is not started.</summary>
    /// <value><see langword="null"/> (no dollar cap) by default; more than 0 when set.</value>
    public decimal? MaximumCostPerRun { get; set; }

    /// <summary>Gets or sets the longest a run may go on, from its first step, measured with the runner's
    /// <see cref="TimeProvider"/>; no step starts once it has passed (a final synthesis step may still be made).</summary>
    /// <value><see langword="null"/> (no time limit) by default; more than zero when set.</value>
    public TimeSpan? MaximumDurationPerRun { get; set; }

    /// <summary>Gets or sets what happens when a bound is reached.</summary>
    /// <value><see cref="AgentBoundBehavior.FinalStep"/> by default.</value>
    public AgentBoundBehavior WhenBoundReached { get; set; } = AgentBoundBehavior.FinalStep;

    /// <summary>Gets or sets the user message appended to the conversation for the final synthesis step.</summary>
    /// <value><see cref="DefaultFinalStepPrompt"/> by default.</value>
    public string FinalStepPrompt { get; set; } = DefaultFinalStepPrompt;

    /// <summary>Gets or sets the tier of the final synthesis step; when <see langword="null"/>, the step policy
    /// chooses it (the default policy chooses the strongest tier).</summary>
    /// <value><see langword="null"/> by default.</value>
    public string? FinalStepTierName { get; set; }

    /// <summary>Gets or sets a value indicating whether the final synthesis step still sends the tool definitions,
    /// with <see cref="Microsoft.Extensions.AI.ChatToolMode.None"/> so that no tool can be called. Providers put the
    /// tool definitions at the start of the cached prompt prefix, so removing them makes the synthesis step miss the
    /// prompt cache and pay the full input price for the whole conversation; keeping them lets it hit.</summary>
    /// <value><see langword="false"/> (the tools are removed) by default.</value>
    public bool KeepToolDefinitionsInFinalStep { get; set; }

    /// <summary>Gets or sets the output-token limit of the final synthesis step; when <see langword="null"/>, the
    /// request's own limit applies.</summary>
    /// <value><see langword="null"/> by default; at least 1 when set.</value>
    public int? FinalStepMaximumOutputTokens { get; set; }

    /// <summary>Gets or sets the text of the assistant message a stopped run returns.</summary>
    /// <value><see cref="DefaultStopMessage"/> by default.</value>
    public string StopMessage { get; set; } = DefaultStopMessage;

    /// <summary>Gets or sets the policy that chooses each step's tier.</summary>
    /// <value><see langword="null"/> by default, meaning <see cref="AgentStepPolicy.Default"/>.</value>
    public IAgentStepPolicy? StepPolicy { get; set; }

    /// <summary>Gets or sets how many times one tool may be called with the same arguments in a run; the call that
    /// reaches it is a loop, and the run stops before its next step.</summary>
    /// <value><see cref="DefaultLoopThreshold"/> (3) by default; <see langword="null"/> turns the check off; at least
    /// 2 when set.</value>
    public int? IdenticalToolCallsForLoop { get; set; } = DefaultLoopThreshold;

    /// <summary>Gets or sets how many steps in a row may make no progress (no tool call or text not seen before in
    /// the run) before the run counts as looping.</summary>
    /// <value><see cref="DefaultLoopThreshold"/> (3) by default; <see langword="null"/> turns the check off; at least
    /// 1 when set.</value>
    public int? StepsWithoutProgressForLoop { get; set; } = DefaultLoopThreshold;

    /// <summary>Gets or sets a value indicating whether a cancelled run rethrows the cancellation after recording
    /// the report; by default it returns the stopped response with the transcript so far instead.</summary>
    /// <value><see langword="false"/> by default.</value>
    public bool ThrowOnCancellation { get; set; }

    /// <summary>Gets or sets the token counter that counts each step's prompt tokens for its reservation.</summary>
    /// <value><see langword="null"/> by default, meaning <see cref="TiktokenTokenCounter.O200kBase"/>.</value>
    public ITokenCounter? TokenCounter { get; set; }

    /// <summary>Gets or sets the output tokens reserved for a step when neither the request
    /// (<see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/>) nor the catalog states a limit.</summary>
    /// <value><see cref="DefaultFallbackMaximumOutputTokens"/> (16,384) by default; at least 1.</value>
    public int FallbackMaximumOutputTokens { get; set; } = DefaultFallbackMaximumOutputTokens;
}
