using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>The agent runner's log messages. No prompt or response text is logged.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 6001, EventName = "AgentStepStarted", Level = LogLevel.Debug,
        Message = "Agent run '{RunId}': step {Step} on tier '{Tier}' (final: {IsFinal}), reserving {ReservedTokens} tokens and ${ReservedUsd}.")]
    public static partial void StepStarted(ILogger logger, string runId, int step, string tier, bool isFinal, long reservedTokens, decimal reservedUsd);

    [LoggerMessage(EventId = 6002, EventName = "AgentRunStopped", Level = LogLevel.Information,
        Message = "Agent run '{RunId}' stopped: {Reason} after {Steps} steps, {Tokens} tokens, ${CostUsd}; final step: {FinalStep}.")]
    public static partial void RunStopped(ILogger logger, string runId, AgentStopReason reason, int steps, long tokens, decimal costUsd, bool finalStep);

    [LoggerMessage(EventId = 6003, EventName = "AgentStepUnpriced", Level = LogLevel.Warning,
        Message = "Agent run '{RunId}': the catalog does not price model '{Model}' of tier '{Tier}'; with a dollar cap set the step is refused.")]
    public static partial void Unpriced(ILogger logger, string runId, string model, string tier);
}
