using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>A snapshot of one agent run: its steps, tokens, dollars, the tier of each step and why it stopped.</summary>
/// <param name="RunId">The run's id, which is also the request id of every step's <see cref="CallCorrelation"/>.</param>
/// <param name="Steps">The model calls made, the final synthesis step included.</param>
/// <param name="InputTokens">The input tokens of every step.</param>
/// <param name="OutputTokens">The output tokens of every step.</param>
/// <param name="CostUsd">The cost of every step in US dollars, from the token meter's ledger entries when a meter
/// priced them, else from the reported usage at the catalog's prices.</param>
/// <param name="StepTiers">The name of the tier each step went to, in order.</param>
/// <param name="StopReason">Why the run stopped, or <see cref="AgentStopReason.None"/> while no bound stopped it.</param>
/// <param name="Transcript">The messages of the run's latest step and its response, or of the step that was refused:
/// the conversation as far as it got.</param>
/// <param name="Elapsed">The time since the run's first step.</param>
/// <param name="FinalStepMade">Whether the run ended with a synthesis step without tools.</param>
public sealed record AgentRunReport(
    string RunId,
    int Steps,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    IReadOnlyList<string> StepTiers,
    AgentStopReason StopReason,
    IReadOnlyList<ChatMessage> Transcript,
    TimeSpan Elapsed,
    bool FinalStepMade)
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of the report: <c>costaware.agent_run</c>.</summary>
    public const string ResponseKey = "costaware.agent_run";

    /// <summary>Gets the input and output tokens of every step.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Gets the number of messages in <see cref="Transcript"/>.</summary>
    public int TranscriptCount => Transcript.Count;

    /// <summary>Gets a value indicating whether a bound stopped the run.</summary>
    public bool IsStopped => StopReason != AgentStopReason.None;
}
