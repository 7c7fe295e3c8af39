using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// What the tier router costs on a request whose current turn is a 2,000-token prompt (<see cref="RouterPrompt"/>,
/// after a short system prompt): the heuristic classifier alone (its score, and its features), the whole routing
/// decision (<see cref="TierRouterChatClient.DecideAsync"/>: capability checks, score, thresholds, the decision and its
/// exclusions) with and without conversation stickiness, and a call through the router against the bare client. Two
/// tiers, <c>gpt-4o-mini</c> and <c>gpt-4o</c> from the built-in catalog, each with a no-op client; the default
/// thresholds (one cut point at 0.5).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RouterBenchmarks
{
    private const string Decision = "Scoring and decision";
    private const string Response = "GetResponse";

    private readonly HeuristicDifficultyClassifier _classifier = new();
    private List<ChatMessage> _messages = null!;
    private ChatOptions _withConversationId = null!;
    private IChatClient _bare = null!;
    private TierRouterChatClient _router = null!;
    private TierRouterChatClient _sticky = null!;

    [GlobalSetup]
    public void Setup()
    {
        string prompt = RouterPrompt.Build();
        _messages =
        [
            new(ChatRole.System, "You are a careful senior .NET engineer who reviews billing code. Answer in English."),
            new(ChatRole.User, prompt),
        ];
        _withConversationId = new ChatOptions { ConversationId = "conv-20260302-0042" };

        _bare = new NoOpChatClient();
        _router = CreateRouter(stickiness: false);
        _sticky = CreateRouter(stickiness: true);

        var decision = _router.DecideAsync(_messages).AsTask().GetAwaiter().GetResult();
        var features = HeuristicDifficultyClassifier.GetFeatures(new DifficultyContext(_messages));
        Console.WriteLine(
            $"// Prompt: {TiktokenTokenCounter.O200kBase.CountTokens(prompt)} o200k tokens, {prompt.Length} characters; " +
            $"request {TiktokenTokenCounter.O200kBase.CountPromptTokens(_messages)} prompt tokens.");
        Console.WriteLine($"// Features: {features}");
        Console.WriteLine($"// Decision: {decision.Explanation}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ((IChatClient)_router).Dispose();
        ((IChatClient)_sticky).Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Decision)]
    public double Heuristic_Score() => _classifier.Score(new DifficultyContext(_messages));

    [Benchmark]
    [BenchmarkCategory(Decision)]
    public HeuristicDifficultyFeatures Heuristic_GetFeatures() => HeuristicDifficultyClassifier.GetFeatures(new DifficultyContext(_messages));

    [Benchmark]
    [BenchmarkCategory(Decision)]
    public ValueTask<RouteDecision> DecideAsync() => _router.DecideAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Decision)]
    public ValueTask<RouteDecision> DecideAsync_Sticky() => _sticky.DecideAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Decision)]
    public ValueTask<RouteDecision> DecideAsync_Sticky_ConversationId() => _sticky.DecideAsync(_messages, _withConversationId);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Router() => ((IChatClient)_router).GetResponseAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Router_Sticky() => ((IChatClient)_sticky).GetResponseAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Router_Sticky_ConversationId() => ((IChatClient)_sticky).GetResponseAsync(_messages, _withConversationId);

    private static TierRouterChatClient CreateRouter(bool stickiness)
    {
        var options = new TierRouterOptions
        {
            Classifier = new HeuristicDifficultyClassifier(),
            ConversationStickiness = stickiness,
        };
        options.Tiers.Add(new ModelTier("small", "gpt-4o-mini", new NoOpChatClient()));
        options.Tiers.Add(new ModelTier("strong", "gpt-4o", new NoOpChatClient()));
        return new TierRouterChatClient(options);
    }
}
