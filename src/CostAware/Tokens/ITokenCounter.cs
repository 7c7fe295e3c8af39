using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Counts the tokens of text and chat messages the way a model's tokenizer does.</summary>
/// <remarks>Implementations must be thread-safe: one instance serves every request of an application.</remarks>
public interface ITokenCounter
{
    /// <summary>Gets the name of the encoding the counter uses, for example <c>o200k_base</c>.</summary>
    string EncodingName { get; }

    /// <summary>Counts the tokens of a piece of text.</summary>
    /// <param name="text">The text to count.</param>
    /// <returns>The number of tokens.</returns>
    int CountTokens(string text);

    /// <summary>Encodes a piece of text to token ids.</summary>
    /// <param name="text">The text to encode.</param>
    /// <returns>The token ids, in order.</returns>
    IReadOnlyList<int> EncodeToIds(string text);

    /// <summary>Counts the tokens one message adds to a prompt, its per-message overhead included.</summary>
    /// <param name="message">The message to count.</param>
    /// <returns>The number of tokens.</returns>
    int CountMessageTokens(ChatMessage message);

    /// <summary>Counts the prompt tokens of a whole request: its messages, its tools and the reply priming.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options, whose tools count as prompt tokens.</param>
    /// <returns>The number of prompt tokens.</returns>
    int CountPromptTokens(IEnumerable<ChatMessage> messages, ChatOptions? options = null);
}
