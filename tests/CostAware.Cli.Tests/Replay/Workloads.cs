using System.Text.Json;

namespace CostAware.Cli.Tests.Replay;

/// <summary>Small inline workloads in the OpenAI Batch API input format.</summary>
internal static class Workloads
{
    public static readonly string LongSystemPrompt =
        "You are the support assistant of a storage service. " +
        string.Join(' ', Enumerable.Range(1, 260).Select(i => $"Policy {i}: answer clearly and cite rule {i}."));

    public static string Request(string id, string model, string user, int maxTokens = 200, bool tools = false, bool contentParts = false)
    {
        object userContent = contentParts ? new object[] { new { type = "text", text = user } } : user;
        var body = new Dictionary<string, object>
        {
            ["model"] = model,
            ["max_tokens"] = maxTokens,
            ["messages"] = new object[]
            {
                new { role = "system", content = LongSystemPrompt },
                new { role = "user", content = userContent },
            },
        };
        if (tools)
        {
            body["tools"] = new object[]
            {
                new
                {
                    type = "function",
                    function = new
                    {
                        name = "lookup_order",
                        description = "Look up an order.",
                        parameters = new { type = "object", properties = new { id = new { type = "string" } }, required = new[] { "id" } },
                    },
                },
            };
        }

        return JsonSerializer.Serialize(new { custom_id = id, method = "POST", url = "/v1/chat/completions", body });
    }

    public static string[] Mixed() =>
    [
        Request("r1", "gpt-4o-mini", "Where is my order 123?", tools: true),
        Request("r2", "gpt-4o-mini", "How do I reset my password?"),
        Request("r3", "claude-sonnet-4-5", "Can I get a refund?", contentParts: true),
        Request("r4", "gpt-4o", "Explain the difference between the plans."),
        Request("r5", "gpt-4o-mini", "Is sync down right now?", tools: true),
    ];
}
