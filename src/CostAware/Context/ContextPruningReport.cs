using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What the context pruner did to one request.</summary>
public sealed record ContextPruningReport
{
    /// <summary>Gets the budget the request was held to, in prompt tokens.</summary>
    public int BudgetTokens { get; init; }

    /// <summary>Gets the prompt tokens of the request as the application sent it.</summary>
    public int InputTokensBefore { get; init; }

    /// <summary>Gets the prompt tokens of the request as it was sent on.</summary>
    public int InputTokensAfter { get; init; }

    /// <summary>Gets the prompt tokens removed.</summary>
    public int TokensRemoved => InputTokensBefore - InputTokensAfter;

    /// <summary>Gets the messages dropped whole (summarized turns not included).</summary>
    public int MessagesDropped { get; init; }

    /// <summary>Gets the messages whose large tool results were shortened to their head and tail.</summary>
    public int MessagesShortened { get; init; }

    /// <summary>Gets the messages replaced by turn summaries.</summary>
    public int MessagesSummarized { get; init; }

    /// <summary>Gets the tool calls removed, with their results, because the same function was later called again
    /// with the same arguments.</summary>
    public int SupersededToolCallsRemoved { get; init; }

    /// <summary>Gets a value indicating whether the request as sent is within <see cref="BudgetTokens"/>. When
    /// <see langword="false"/>, even the messages that are never removed (system, pinned, the last turns) exceed it.</summary>
    public bool BudgetMet { get; init; }

    /// <summary>Gets a value indicating whether the request was changed.</summary>
    public bool Pruned => InputTokensAfter != InputTokensBefore || MessagesDropped > 0 || MessagesSummarized > 0;
}

/// <summary>Reads the context pruner's report from a response.</summary>
public static class ContextPruningResponseExtensions
{
    /// <summary>The <c>AdditionalProperties</c> key of the report.</summary>
    public const string ReportKey = "costaware.pruning";

    /// <summary>Returns the context pruner's report, or <see langword="null"/> if no pruner with a budget handled the
    /// request.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The report.</returns>
    public static ContextPruningReport? GetPruningReport(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(ReportKey, out var value) == true ? value as ContextPruningReport : null;
    }

    /// <summary>Returns the context pruner's report from a streamed update (the pruner puts it on the last one).</summary>
    /// <param name="update">The update.</param>
    /// <returns>The report, or <see langword="null"/>.</returns>
    public static ContextPruningReport? GetPruningReport(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(ReportKey, out var value) == true ? value as ContextPruningReport : null;
    }
}
