using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// An inner client that does no work: each call returns a new, minimal response (or stream) carrying the same usage, so
/// that what a decorator adds is all that differs between benchmarks. A new response per call keeps the comparison
/// honest, as the meter attaches its entry to the response it returns.
/// </summary>
internal sealed class NoOpChatClient : IChatClient
{
    private static readonly ChatClientMetadata s_metadata = new("openai", defaultModelId: "gpt-4o");

    private static readonly UsageDetails s_usage = new()
    {
        InputTokenCount = 2006,
        CachedInputTokenCount = 1920,
        OutputTokenCount = 300,
        ReasoningTokenCount = 64,
        TotalTokenCount = 2306,
    };

    private static readonly ChatMessage s_message = new(ChatRole.Assistant, "The answer.");

    private readonly int _textUpdates;

    /// <summary>Initializes a new instance of the <see cref="NoOpChatClient"/> class.</summary>
    /// <param name="textUpdates">How many text updates a stream carries before its usage update.</param>
    public NoOpChatClient(int textUpdates = 2)
    {
        _textUpdates = textUpdates;
    }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(s_message) { ModelId = "gpt-4o-2024-08-06", ResponseId = "resp", Usage = s_usage });

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        for (int i = 0; i < _textUpdates; i++)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, " answer") { ModelId = "gpt-4o-2024-08-06" };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(s_usage)]) { ModelId = "gpt-4o-2024-08-06" };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? s_metadata : null;

    public void Dispose()
    {
    }
}
