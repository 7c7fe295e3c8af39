using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// The context pruner on a 200-message, about 100,000-token agent conversation (49 turns of question, tool call,
/// about 1,950-token tool result and answer) whose only new part is the last message: each invocation sends the same
/// 199 messages and a new user message instance. Over budget, 49 older tool results are shortened (from the cache
/// after the first call); within budget, the request goes through unchanged. The bare client is the baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ContextPruningBenchmarks
{
    private const string Response = "GetResponse";
    private const string Streaming = "Streaming";

    private readonly List<ChatMessage> _messages = [];
    private string _question = null!;
    private IChatClient _bare = null!;
    private IChatClient _withinBudget = null!;
    private IChatClient _overBudget = null!;

    /// <summary>Gets the conversation's prompt tokens, for the record.</summary>
    public int ConversationTokens { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _messages.AddRange(AgentConversation.Build());
        _question = "What changed since the last lookup?";
        ConversationTokens = TiktokenTokenCounter.O200kBase.CountPromptTokens(_messages);

        var inner = new NoOpChatClient();
        _bare = inner;
        _withinBudget = new ChatClientBuilder(inner).UseContextPruning(o => o.MaximumInputTokens = 200_000).Build();
        _overBudget = new ChatClientBuilder(inner).UseContextPruning(o => o.MaximumInputTokens = 60_000).Build();

        // The first over-budget call shortens the tool results; later calls reuse them.
        _overBudget.GetResponseAsync(Next()).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(Next());

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Pruning_WithinBudget() => _withinBudget.GetResponseAsync(Next());

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Pruning_OverBudget() => _overBudget.GetResponseAsync(Next());

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Streaming)]
    public Task<int> Bare_Streaming() => DrainAsync(_bare);

    [Benchmark]
    [BenchmarkCategory(Streaming)]
    public Task<int> Pruning_OverBudget_Streaming() => DrainAsync(_overBudget);

    private List<ChatMessage> Next()
    {
        // A new instance of the last message: the only part of the request the pruner has not seen.
        _messages[^1] = new ChatMessage(ChatRole.User, _question);
        return _messages;
    }

    private async Task<int> DrainAsync(IChatClient client)
    {
        int count = 0;
        await foreach (var update in client.GetStreamingResponseAsync(Next()).ConfigureAwait(false))
        {
            count += update.Contents.Count;
        }

        return count;
    }
}
