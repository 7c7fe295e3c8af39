using Microsoft.Extensions.AI;

namespace CostAware.Cli.Cascade;

/// <summary>The client behind every tier of a recorded replay; it refuses to be called.</summary>
/// <remarks>
/// <see cref="EscalationTier"/>, and through it <see cref="AnswerValidationContext"/>, need a client, because a live
/// validator may call the tier again (self-consistency samples it). <c>eval-cascade</c> judges answers that were
/// recorded: a model call would spend money and mix live answers into a recorded benchmark, and no model is configured
/// anyway. So any call is a bug in the command (a validator that needs a model was selected), and it fails loudly
/// instead of returning something that would be mistaken for a result.
/// </remarks>
internal sealed class RecordedAnswerChatClient(string modelId) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new("recorded-replay", defaultModelId: modelId);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Refuse();

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Refuse();

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the client holds no connection.
    }

    private InvalidOperationException Refuse() => new(
        $"eval-cascade replays recorded answers and never calls a model, but a validator tried to call '{_metadata.DefaultModelId}'.");
}
