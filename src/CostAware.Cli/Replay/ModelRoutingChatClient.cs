using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Replay;

/// <summary>Sends each request to a client chosen by its model: one simulator per provider, or one endpoint client
/// per model. Clients are created on first use and disposed with this one.</summary>
/// <param name="keyOf">Maps a request's model to the key of the client that serves it.</param>
/// <param name="create">Creates the client for a key.</param>
internal sealed class ModelRoutingChatClient(Func<string?, string> keyOf, Func<string, IChatClient> create) : IChatClient
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ClientFor(options).GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        ClientFor(options).GetStreamingResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    /// <remarks>No <see cref="ChatClientMetadata"/> is offered: the provider differs by request, so the token meter
    /// takes it from the price catalog.</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    private IChatClient ClientFor(ChatOptions? options) => _clients.GetOrAdd(keyOf(options?.ModelId), create);
}
