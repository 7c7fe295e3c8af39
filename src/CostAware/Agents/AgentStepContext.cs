using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What a step policy knows when it chooses the tier of one step of an agent run.</summary>
public sealed class AgentStepContext
{
    internal AgentStepContext(
        string runId,
        int stepNumber,
        bool isFinalStep,
        bool toolResultsPending,
        bool previousStepHadInvalidToolCalls,
        EscalationTier? previousTier,
        long inputTokens,
        long outputTokens,
        decimal costUsd,
        IReadOnlyList<EscalationTier> tiers,
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options)
    {
        RunId = runId;
        StepNumber = stepNumber;
        IsFinalStep = isFinalStep;
        ToolResultsPending = toolResultsPending;
        PreviousStepHadInvalidToolCalls = previousStepHadInvalidToolCalls;
        PreviousTier = previousTier;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        CostUsd = costUsd;
        Tiers = tiers;
        Messages = messages;
        Options = options;
    }

    /// <summary>Gets the run's id.</summary>
    public string RunId { get; }

    /// <summary>Gets the number the step will have, 1 for the run's first.</summary>
    public int StepNumber { get; }

    /// <summary>Gets a value indicating whether the step is the final synthesis step, made without tools.</summary>
    public bool IsFinalStep { get; }

    /// <summary>Gets a value indicating whether the conversation ends with tool results the model has not seen.</summary>
    public bool ToolResultsPending { get; }

    /// <summary>Gets a value indicating whether the previous step asked for a tool the request does not offer, or
    /// gave arguments that could not be parsed.</summary>
    public bool PreviousStepHadInvalidToolCalls { get; }

    /// <summary>Gets the tier of the previous step, or <see langword="null"/> for the first.</summary>
    public EscalationTier? PreviousTier { get; }

    /// <summary>Gets the input tokens the run has used so far.</summary>
    public long InputTokens { get; }

    /// <summary>Gets the output tokens the run has used so far.</summary>
    public long OutputTokens { get; }

    /// <summary>Gets the US dollars the run has cost so far.</summary>
    public decimal CostUsd { get; }

    /// <summary>Gets the tiers, cheapest first, the strongest last.</summary>
    public IReadOnlyList<EscalationTier> Tiers { get; }

    /// <summary>Gets the step's messages.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets the step's options.</summary>
    public ChatOptions? Options { get; }
}
