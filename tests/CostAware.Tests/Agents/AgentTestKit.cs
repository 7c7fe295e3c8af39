using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Tests.Agents;

/// <summary>Prices, a predictable token counter and scripted tool calls for the agent runner's tests.</summary>
internal static class AgentTestKit
{
    public const int TokensPerMessage = 1_000;

    /// <summary>small: $1 / $2 per million in / out; mid: $3 / $6; big: $10 / $20. Each may write 2,000 tokens.</summary>
    public static PriceCatalog Catalog { get; } = new(
    [
        new ModelPrice { ModelId = "small", InputPerMillion = 1m, OutputPerMillion = 2m, MaxOutputTokens = 2_000 },
        new ModelPrice { ModelId = "mid", InputPerMillion = 3m, OutputPerMillion = 6m, MaxOutputTokens = 2_000 },
        new ModelPrice { ModelId = "big", InputPerMillion = 10m, OutputPerMillion = 20m, MaxOutputTokens = 2_000 },
    ]);

    public static AIFunction ReadFile { get; } = AIFunctionFactory.Create((string path) => $"contents of {path}", "read_file", "Reads a file.");

    public static ChatOptions ToolOptions(int? maxOutputTokens = 500) => new() { Tools = [ReadFile], MaxOutputTokens = maxOutputTokens };

    public static List<ChatMessage> Ask() => [new ChatMessage(ChatRole.User, "Find the bug.")];

    public static UsageDetails Usage(long input, long output) => new() { InputTokenCount = input, OutputTokenCount = output };

    public static ScriptedChatClient ThenToolCall(
        this ScriptedChatClient client, string path, UsageDetails? usage = null, string tool = "read_file", Action? before = null, Exception? parseError = null) =>
        client.Then((messages, _) =>
        {
            before?.Invoke();
            var call = new FunctionCallContent($"call-{path}-{messages.Count}", tool, new Dictionary<string, object?> { ["path"] = path })
            {
                Exception = parseError,
            };
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call]))
            {
                Usage = usage ?? Usage(100, 10),
                ModelId = client.Metadata.DefaultModelId,
            };
        });

    public static ScriptedChatClient ThenAnswer(this ScriptedChatClient client, string text, UsageDetails? usage = null) =>
        client.ThenReply(text, usage ?? Usage(100, 10), client.Metadata.DefaultModelId);

    /// <summary>A bare runner inside a real function-invoking client with a high iteration cap.</summary>
    public static IChatClient Agent(IChatClient top, Action<AgentRunOptions> configure, TimeProvider? timeProvider = null) =>
        new ChatClientBuilder(top)
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 1_000)
            .Use(inner =>
            {
                var options = new AgentRunOptions { TokenCounter = new PerMessageTokenCounter() };
                configure(options);
                return new AgentRunChatClient(inner, options, Catalog, timeProvider: timeProvider);
            })
            .Build();
}

/// <summary>Counts <see cref="AgentTestKit.TokensPerMessage"/> prompt tokens per message, tools free, so that
/// reservations are easy to compute by hand.</summary>
internal sealed class PerMessageTokenCounter : ITokenCounter
{
    public string EncodingName => "per-message";

    public int CountTokens(string text) => text.Length;

    public IReadOnlyList<int> EncodeToIds(string text) => [.. text.Select(static c => (int)c)];

    public int CountMessageTokens(ChatMessage message) => AgentTestKit.TokensPerMessage;

    public int CountPromptTokens(IEnumerable<ChatMessage> messages, ChatOptions? options = null) => messages.Count() * AgentTestKit.TokensPerMessage;
}
