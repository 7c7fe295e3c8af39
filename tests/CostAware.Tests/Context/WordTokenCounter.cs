using Microsoft.Extensions.AI;

namespace CostAware.Tests.Context;

/// <summary>A token counter whose tokens are whitespace-separated words, so expected values can be worked out by hand:
/// a message costs one token plus the words of its contents; a prompt adds nothing for reply priming.</summary>
internal sealed class WordTokenCounter : ITokenCounter
{
    public static WordTokenCounter Instance { get; } = new();

    public string EncodingName => "words";

    public int CountTokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    public IReadOnlyList<int> EncodeToIds(string text) => [.. Enumerable.Range(0, CountTokens(text))];

    public int CountMessageTokens(ChatMessage message)
    {
        int count = 1;
        foreach (var content in message.Contents)
        {
            var (first, second) = ContentText.Of(content);
            count += (first is null ? 0 : CountTokens(first)) + (second is null ? 0 : CountTokens(second));
        }

        return count;
    }

    public int CountPromptTokens(IEnumerable<ChatMessage> messages, ChatOptions? options = null) =>
        messages.Sum(CountMessageTokens) + (options?.Tools is { Count: > 0 } tools ? CountTokens(ToolText.Render(tools)) : 0);
}
