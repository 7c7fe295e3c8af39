using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What the context pruner knows about one message instance: computed once, reused on every request that
/// carries the message. Messages must not be mutated after they are sent, as every CostAware cache assumes.</summary>
internal sealed class MessageInfo
{
    private ChatMessage? _shortened;
    private Removal? _removal;
    private byte[]? _hash;

    /// <summary>Gets or sets the message's prompt tokens, per-message overhead included.</summary>
    public int Tokens { get; set; }

    /// <summary>Gets or sets the keys (function name and serialized arguments) of the message's tool calls.</summary>
    public string[]? CallKeys { get; set; }

    /// <summary>Gets or sets the call ids of the message's tool calls, in the order of <see cref="CallKeys"/>.</summary>
    public string[]? CallIds { get; set; }

    /// <summary>Gets or sets the call ids of the message's tool results.</summary>
    public string[]? ResultIds { get; set; }

    /// <summary>Returns the message with its large tool results shortened, or the message itself when none is large.</summary>
    public ChatMessage GetShortened(ChatMessage message, ContextPruner pruner)
    {
        if (_shortened is { } cached)
        {
            return cached;
        }

        List<AIContent>? contents = null;
        for (int i = 0; i < message.Contents.Count; i++)
        {
            var content = message.Contents[i];
            if (content is FunctionResultContent result && ContentText.Of(result).First is { } text &&
                pruner.Counter.CountTokens(text) is int tokens && tokens > pruner.MaximumResultTokens)
            {
                contents ??= [.. message.Contents.Take(i)];
                contents.Add(new FunctionResultContent(result.CallId, pruner.ShortenText(text, tokens))
                {
                    AdditionalProperties = result.AdditionalProperties,
                });
                continue;
            }

            contents?.Add(content);
        }

        var shortened = contents is null ? message : Copy(message, contents);
        _shortened = shortened;
        return shortened;
    }

    /// <summary>Returns the message without the tool calls (or results) whose positions among the message's calls
    /// (or results) are set in <paramref name="mask"/>, or <see langword="null"/> when nothing is left.</summary>
    public ChatMessage? WithoutContents(ChatMessage message, ulong mask, bool calls)
    {
        // One immutable slot: a growing conversation asks for the same removal on every request.
        if (_removal is { } cached && cached.Mask == mask && cached.Calls == calls)
        {
            return cached.Message;
        }

        var contents = new List<AIContent>(message.Contents.Count);
        int position = 0;
        foreach (var content in message.Contents)
        {
            if (calls ? content is FunctionCallContent : content is FunctionResultContent)
            {
                bool removed = position < 64 && (mask & (1UL << position)) != 0;
                position++;
                if (removed)
                {
                    continue;
                }
            }

            contents.Add(content);
        }

        var result = contents.Count == 0 ? null : Copy(message, contents);
        _removal = new Removal(mask, calls, result);
        return result;
    }

    /// <summary>Returns a hash of the message's role and prompt text, the key of its turn's summary.</summary>
    public byte[] GetHash(ChatMessage message)
    {
        if (_hash is { } hash)
        {
            return hash;
        }

        var builder = new StringBuilder(message.Role.Value).Append('\0');
        foreach (var content in message.Contents)
        {
            var (first, second) = ContentText.Of(content);
            builder.Append(content.GetType().Name).Append('\0').Append(first).Append('\0').Append(second).Append('\0');
        }

        hash = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        _hash = hash;
        return hash;
    }

    private sealed record Removal(ulong Mask, bool Calls, ChatMessage? Message);

    private static ChatMessage Copy(ChatMessage message, IList<AIContent> contents) =>
        new(message.Role, contents)
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            AdditionalProperties = message.AdditionalProperties,
        };
}
