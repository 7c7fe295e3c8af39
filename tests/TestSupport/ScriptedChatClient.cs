using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.TestSupport;

/// <summary>
/// The one scripted test client every test shares: each call runs the next scripted step, which builds a response
/// (or throws). Streaming splits the scripted response's text into one update per word, then sends its tool calls in
/// one update and puts its usage last, the way provider adapters do.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse>> _steps = new();

    public ScriptedChatClient(string? providerName = "test", string? defaultModelId = null)
    {
        Metadata = new ChatClientMetadata(providerName, defaultModelId: defaultModelId);
    }

    public ChatClientMetadata Metadata { get; }

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    /// <summary>Gets or sets usage reports streamed before the final one (to test field-by-field merging).</summary>
    public List<UsageDetails> ExtraStreamedUsage { get; } = [];

    public ScriptedChatClient Then(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public ScriptedChatClient ThenReply(string text, UsageDetails? usage, string? modelId = null) =>
        Then((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = usage, ModelId = modelId, ResponseId = "resp-1" });

    public ScriptedChatClient ThenThrow(Exception exception) => Then((_, _) => throw exception);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Next(messages, options));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = Next(messages, options);
        foreach (var extra in ExtraStreamedUsage)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(extra)]) { ModelId = response.ModelId };
        }

        foreach (string word in response.Text.Split(' '))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ") { ModelId = response.ModelId, ResponseId = response.ResponseId };
        }

        // Tool calls arrive whole in one update, the way provider adapters assemble them.
        List<AIContent> calls = [.. response.Messages.SelectMany(static m => m.Contents).OfType<FunctionCallContent>()];
        if (calls.Count > 0)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, calls) { ModelId = response.ModelId, ResponseId = response.ResponseId };
        }

        if (response.Usage is not null)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(response.Usage)])
            {
                ModelId = response.ModelId,
                FinishReason = ChatFinishReason.Stop,
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private ChatResponse Next(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages.ToList();
        Calls.Add((list, options));
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException("The scripted client has no step left for this call.");
        }

        return _steps.Dequeue()(list, options);
    }
}

/// <summary>Runs a test body once non-streaming and once streaming.</summary>
internal static class Modes
{
    public static TheoryData<bool> StreamingAndNot => new() { false, true };

    public static async Task<ChatResponse> GetAsync(IChatClient client, bool streaming, IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        streaming
            ? await client.GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken)
            : await client.GetResponseAsync(messages, options, cancellationToken);
}
