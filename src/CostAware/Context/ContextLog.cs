using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>The context pruner's log messages. Prompt text is never logged.</summary>
internal static partial class ContextLog
{
    [LoggerMessage(EventId = 6101, EventName = "ContextPruned", Level = LogLevel.Debug,
        Message = "Pruned the context of a request from {Before} to {After} tokens (budget {Budget}): {Dropped} messages dropped, {Shortened} shortened, {Summarized} turns summarized.")]
    public static partial void Pruned(ILogger logger, int before, int after, int budget, int dropped, int shortened, int summarized);

    [LoggerMessage(EventId = 6102, EventName = "ContextBudgetNotMet", Level = LogLevel.Warning,
        Message = "The kept context of a request is {After} tokens, over its budget of {Budget}; it was sent anyway.")]
    public static partial void BudgetNotMet(ILogger logger, int after, int budget);

    [LoggerMessage(EventId = 6103, EventName = "ContextNoBudget", Level = LogLevel.Debug,
        Message = "No context budget for model '{ModelId}': no absolute budget is set and the catalog knows no context window; the request is sent unchanged.")]
    public static partial void NoBudget(ILogger logger, string? modelId);

    [LoggerMessage(EventId = 6104, EventName = "ContextSummaryFailed", Level = LogLevel.Warning,
        Message = "The summarizer failed; the turn is dropped instead of summarized.")]
    public static partial void SummaryFailed(ILogger logger, Exception exception);
}
