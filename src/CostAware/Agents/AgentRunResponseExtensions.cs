using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Reads the <see cref="AgentRunReport"/> the agent runner attaches to its responses.</summary>
public static class AgentRunResponseExtensions
{
    /// <summary>Returns the report the agent runner attached, or <see langword="null"/>.</summary>
    /// <param name="response">The response; when it went through a function-invoking client, the report of its last
    /// model call.</param>
    /// <returns>The report.</returns>
    /// <remarks>Looks on the response first, then on its messages, newest first, so a streamed response rebuilt with
    /// <c>ToChatResponseAsync</c> is read as well.</remarks>
    public static AgentRunReport? GetAgentRunReport(this ChatResponse response) =>
        response.FindProperty<AgentRunReport>(AgentRunReport.ResponseKey);

    /// <summary>Returns the report the agent runner attached to a streamed update, or <see langword="null"/>. The
    /// runner attaches it to the last update of each step.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The report.</returns>
    public static AgentRunReport? GetAgentRunReport(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(AgentRunReport.ResponseKey, out var value) == true ? value as AgentRunReport : null;
    }
}
