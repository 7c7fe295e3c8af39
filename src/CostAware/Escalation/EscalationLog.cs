using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>The escalator's log messages.</summary>
internal static partial class EscalationLog
{
    [LoggerMessage(EventId = 3001, EventName = "EscalationAttemptFailed", Level = LogLevel.Warning,
        Message = "Tier '{Tier}' (attempt {Attempt}) failed; escalating.")]
    public static partial void AttemptFailed(ILogger logger, string tier, int attempt, Exception exception);

    [LoggerMessage(EventId = 3002, EventName = "EscalationAnswerRejected", Level = LogLevel.Debug,
        Message = "Tier '{Tier}' (attempt {Attempt}): answer rejected by {Validator}: {Reason}")]
    public static partial void Rejected(ILogger logger, string tier, int attempt, string validator, string reason);

    [LoggerMessage(EventId = 3003, EventName = "EscalationBypassChanged", Level = LogLevel.Warning,
        Message = "Escalation key '{Key}': {Transition}.")]
    public static partial void BypassChanged(ILogger logger, string key, string transition);
}
