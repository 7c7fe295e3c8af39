using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>A 200-message agent conversation of about 100,000 o200k tokens, from a seeded generator: a system prompt,
/// 49 turns of question, tool call, tool result (1,600 words) and answer, one short turn, and a last user message
/// (a placeholder the benchmarks replace).</summary>
internal static class AgentConversation
{
    public static List<ChatMessage> Build()
    {
        var random = new Random(7);
        string[] vocabulary = ["alpha", "beta", "gamma", "delta", "record", "value", "status", "ok", "error", "count", "42", "id", "name", "2026"];
        string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => vocabulary[random.Next(vocabulary.Length)]));

        var messages = new List<ChatMessage> { new(ChatRole.System, "You are an operations assistant. " + Words(200)) };
        for (int t = 0; t < 49; t++)
        {
            messages.Add(new ChatMessage(ChatRole.User, "Please look up " + Words(20)));
            messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call{t}", "lookup", new Dictionary<string, object?> { ["query"] = $"item {t}" })]));
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent($"call{t}", Words(1600))]));
            messages.Add(new ChatMessage(ChatRole.Assistant, "Found it: " + Words(30)));
        }

        messages.Add(new ChatMessage(ChatRole.User, "And now " + Words(20)));
        messages.Add(new ChatMessage(ChatRole.Assistant, "Done."));
        messages.Add(new ChatMessage(ChatRole.User, "placeholder"));
        return messages;
    }
}
