using Microsoft.Extensions.AI;

namespace CostAware.Cli.Replay;

/// <summary>One request of a workload, converted to Microsoft.Extensions.AI types.</summary>
/// <param name="LineNumber">The request's 1-based line number in its file.</param>
/// <param name="CustomId">The request's <c>custom_id</c>.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="Options">The model, output limit, tools and sampling settings.</param>
internal sealed record ReplayRequest(int LineNumber, string? CustomId, IReadOnlyList<ChatMessage> Messages, ChatOptions Options)
{
    /// <summary>Returns fresh copies of the messages and options, so that decorators that change a request (cache
    /// hints, trimming) cannot leak changes from one run into the next.</summary>
    /// <returns>The copies.</returns>
    public (List<ChatMessage> Messages, ChatOptions Options) Copy() =>
        ([.. Messages.Select(m => m.Clone())], Options.Clone());
}
