namespace CostAware;

/// <summary>The names of the context pruner's OpenTelemetry instruments and tags, on the
/// <see cref="CostAwareTelemetry.MeterName"/> meter.</summary>
public static class ContextTelemetry
{
    /// <summary>The counter of prompt tokens the pruner removed, in <see cref="CostAwareTelemetry.TokenUnit"/>.</summary>
    public const string TokensRemovedInstrument = "costaware.context.tokens_removed";

    /// <summary>The counter of messages the pruner changed, by <see cref="ActionTag"/>.</summary>
    public const string MessagesInstrument = "costaware.context.messages";

    /// <summary>The counter of requests the pruner could not bring within their budget.</summary>
    public const string BudgetNotMetInstrument = "costaware.context.budget_not_met";

    /// <summary>What was done to a message: <c>dropped</c>, <c>shortened</c>, <c>summarized</c>,
    /// <c>superseded</c>.</summary>
    public const string ActionTag = "costaware.context.action";

    /// <summary>The unit of <see cref="MessagesInstrument"/>.</summary>
    public const string MessageUnit = "{message}";

    /// <summary>The unit of <see cref="BudgetNotMetInstrument"/>.</summary>
    public const string RequestUnit = "{request}";
}
