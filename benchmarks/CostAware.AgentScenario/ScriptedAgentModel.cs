using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace CostAware.AgentScenario;

/// <summary>
/// The agent's "brain" for the scenario: a scripted model that reads one file per step with the <c>read_file</c>
/// tool until it has read <see cref="FilesToRead"/> files, then answers. The call itself goes to the client below
/// (a token meter on the provider simulator), so every step is billed with the simulator's usage, prompt caching
/// included; only the message content is replaced by the script's decision.
/// </summary>
internal sealed class ScriptedAgentModel(IChatClient inner, int filesToRead) : DelegatingChatClient(inner)
{
    public int FilesToRead { get; } = filesToRead;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        var decision = Decide(list, options);
        response.Messages = [new ChatMessage(ChatRole.Assistant, [decision]) { MessageId = response.ResponseId }];
        response.FinishReason = decision is FunctionCallContent ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop;
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private AIContent Decide(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        int read = messages.Sum(static m => m.Contents.Count(static c => c is FunctionResultContent));
        if (options?.Tools is not { Count: > 0 } || options.ToolMode is NoneChatToolMode)
        {
            return new TextContent($"Summary after reading {read} files: the fault is most likely in module{read:D2}.");
        }

        return read < FilesToRead
            ? new FunctionCallContent($"call-{read + 1}", "read_file", new Dictionary<string, object?> { ["path"] = $"src/module{read + 1:D2}.cs" })
            : new TextContent($"After reading all {read} files: the fault is in module{read:D2}.");
    }
}
