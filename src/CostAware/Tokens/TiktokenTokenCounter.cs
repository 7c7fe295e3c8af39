using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace CostAware;

/// <summary>
/// An <see cref="ITokenCounter"/> over a tiktoken encoding (<c>o200k_base</c> or <c>cl100k_base</c>) from
/// Microsoft.ML.Tokenizers.
/// </summary>
/// <remarks>
/// <para>
/// A message costs <see cref="TokensPerMessage"/> tokens of overhead plus the tokens of its text, function calls and
/// function results; a prompt adds <see cref="TokensPerReplyPriming"/> tokens for the reply priming. These are the
/// accounting rules OpenAI publishes for its chat models.
/// </para>
/// <para>
/// The count of a message is cached against the <see cref="ChatMessage"/> instance, so re-sending a growing
/// conversation costs only the tokens of its new messages. A message must not be mutated after it has been counted.
/// This type is thread-safe.
/// </para>
/// </remarks>
public sealed class TiktokenTokenCounter : ITokenCounter
{
    /// <summary>The per-message overhead, in tokens.</summary>
    public const int TokensPerMessage = 3;

    /// <summary>The tokens every prompt adds to prime the reply.</summary>
    public const int TokensPerReplyPriming = 3;

    private static readonly Lazy<TiktokenTokenCounter> s_o200k = new(() => new TiktokenTokenCounter("o200k_base"));
    private static readonly Lazy<TiktokenTokenCounter> s_cl100k = new(() => new TiktokenTokenCounter("cl100k_base"));

    private readonly Tokenizer _tokenizer;
    private readonly ConditionalWeakTable<ChatMessage, StrongBox<int>> _messageCounts = [];

    private TiktokenTokenCounter(string encodingName)
    {
        EncodingName = encodingName;
        _tokenizer = TiktokenTokenizer.CreateForEncoding(encodingName);
    }

    /// <summary>Gets the shared counter for the <c>o200k_base</c> encoding (GPT-4o, GPT-4.1, GPT-5, o-series).</summary>
    public static TiktokenTokenCounter O200kBase => s_o200k.Value;

    /// <summary>Gets the shared counter for the <c>cl100k_base</c> encoding (GPT-4, GPT-3.5).</summary>
    public static TiktokenTokenCounter Cl100kBase => s_cl100k.Value;

    /// <inheritdoc />
    public string EncodingName { get; }

    /// <summary>Gets the shared counter for an encoding name.</summary>
    /// <param name="encodingName"><c>o200k_base</c> or <c>cl100k_base</c>.</param>
    /// <returns>The shared counter.</returns>
    /// <exception cref="ArgumentException">The encoding is not one of the two supported.</exception>
    public static TiktokenTokenCounter ForEncoding(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        return encodingName switch
        {
            "o200k_base" => O200kBase,
            "cl100k_base" => Cl100kBase,
            _ => throw new ArgumentException(
                $"Encoding '{encodingName}' is not supported; use 'o200k_base' or 'cl100k_base'.", nameof(encodingName)),
        };
    }

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : _tokenizer.CountTokens(text);
    }

    /// <inheritdoc />
    public IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? [] : _tokenizer.EncodeToIds(text);
    }

    /// <inheritdoc />
    public int CountMessageTokens(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_messageCounts.TryGetValue(message, out var cached))
        {
            return cached.Value;
        }

        int count = TokensPerMessage + CountTokens(message.Role.Value);
        foreach (var content in message.Contents)
        {
            count += CountContentTokens(content);
        }

        _messageCounts.AddOrUpdate(message, new StrongBox<int>(count));
        return count;
    }

    /// <inheritdoc />
    public int CountPromptTokens(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int count = TokensPerReplyPriming;
        foreach (var message in messages)
        {
            count += CountMessageTokens(message);
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            count += CountTokens(ToolText.Render(tools));
        }

        return count;
    }

    private int CountContentTokens(AIContent content)
    {
        var (first, second) = ContentText.Of(content);
        return (first is null ? 0 : CountTokens(first)) + (second is null ? 0 : CountTokens(second));
    }
}

/// <summary>The texts a content adds to a prompt, shared by every component that counts or encodes prompts so that
/// they all agree on a prompt's size.</summary>
internal static class ContentText
{
    /// <summary>Returns the (at most two) texts a content adds to a prompt, in order.</summary>
    public static (string? First, string? Second) Of(AIContent content) => content switch
    {
        TextContent text => (text.Text, null),
        TextReasoningContent reasoning => (reasoning.Text, null),
        FunctionCallContent call => (call.Name, SerializeArguments(call.Arguments)),
        FunctionResultContent result => (result.Result?.ToString() ?? string.Empty, null),
        _ => (null, null),
    };

    private static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null or { Count: 0 }
            ? "{}"
            : JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
}

/// <summary>Renders tool definitions as the text a provider puts in front of the prompt.</summary>
internal static class ToolText
{
    public static string Render(IList<AITool> tools)
    {
        var builder = new StringBuilder();
        foreach (var tool in tools)
        {
            builder.Append(tool.Name).Append(": ").Append(tool.Description).Append('\n');
            if (tool is AIFunctionDeclaration function)
            {
                builder.Append(function.JsonSchema.GetRawText()).Append('\n');
            }
        }

        return builder.ToString();
    }
}
