using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// What the prefix orderer adds to a 20,000-token request whose blocks it has seen before (the same string instances
/// on every call, the orderer warmed in setup), against the bare client: with a volatile first line in the system
/// prompt (moved to the current turn), without one, with OpenAI's <c>prompt_cache_key</c> writer, and without
/// learning from traffic. A second group builds the system prompt string anew on every call, as an application that
/// formats its volatile first line into the prompt does, so that the orderer sees a text it has not analysed.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PrefixOrderingBenchmarks
{
    private const string SeenBefore = "Blocks seen before";
    private const string NewPrompt = "New system prompt string per call";

    private string _stable = null!;
    private List<ChatMessage> _volatileRequest = null!;
    private List<ChatMessage> _stableRequest = null!;
    private IChatClient _bare = null!;
    private IChatClient _ordered = null!;
    private IChatClient _orderedStable = null!;
    private IChatClient _orderedWithKey = null!;
    private IChatClient _orderedNoLearning = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stable = PrefixRequest.StableInstructions();
        _volatileRequest = PrefixRequest.Messages(PrefixRequest.VolatileLine + "\n" + _stable);
        _stableRequest = PrefixRequest.Messages(_stable);

        var inner = new NoOpChatClient();
        _bare = inner;
        _ordered = new ChatClientBuilder(inner).UsePrefixOrdering().Build();
        _orderedStable = new ChatClientBuilder(inner).UsePrefixOrdering().Build();
        _orderedWithKey = new ChatClientBuilder(inner)
            .UsePrefixOrdering(options => options.CacheHintWriters.Add(new OpenAIPromptCacheKeyWriter()))
            .Build();
        _orderedNoLearning = new ChatClientBuilder(inner).UsePrefixOrdering(options => options.LearnFromTraffic = false).Build();

        // Two calls each: the first analyses and counts every block, the second is the seen-before path measured here.
        var warmUps = new[]
        {
            (_ordered, _volatileRequest),
            (_orderedStable, _stableRequest),
            (_orderedWithKey, _volatileRequest),
            (_orderedNoLearning, _volatileRequest),
        };
        foreach (var (client, request) in warmUps)
        {
            client.GetResponseAsync(request).GetAwaiter().GetResult();
            client.GetResponseAsync(request).GetAwaiter().GetResult();
        }

        var counter = TiktokenTokenCounter.O200kBase;
        Console.WriteLine(
            $"// Request: {counter.CountPromptTokens(_volatileRequest)} prompt tokens (system prompt {counter.CountPromptTokens(_volatileRequest.Take(1))}, " +
            $"{_volatileRequest.Count} messages); without the volatile line {counter.CountPromptTokens(_stableRequest)}.");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(SeenBefore)]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(_volatileRequest);

    [Benchmark]
    [BenchmarkCategory(SeenBefore)]
    public Task<ChatResponse> PrefixOrdering_VolatileLine() => _ordered.GetResponseAsync(_volatileRequest);

    [Benchmark]
    [BenchmarkCategory(SeenBefore)]
    public Task<ChatResponse> PrefixOrdering_NoVolatileContent() => _orderedStable.GetResponseAsync(_stableRequest);

    [Benchmark]
    [BenchmarkCategory(SeenBefore)]
    public Task<ChatResponse> PrefixOrdering_VolatileLine_OpenAIPromptCacheKey() => _orderedWithKey.GetResponseAsync(_volatileRequest);

    [Benchmark]
    [BenchmarkCategory(SeenBefore)]
    public Task<ChatResponse> PrefixOrdering_VolatileLine_NoLearning() => _orderedNoLearning.GetResponseAsync(_volatileRequest);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(NewPrompt)]
    public Task<ChatResponse> Bare_NewPromptString() => _bare.GetResponseAsync(WithNewPromptString());

    [Benchmark]
    [BenchmarkCategory(NewPrompt)]
    public Task<ChatResponse> PrefixOrdering_NewPromptString() => _ordered.GetResponseAsync(WithNewPromptString());

    private List<ChatMessage> WithNewPromptString()
    {
        var messages = new List<ChatMessage>(_volatileRequest);
        messages[0] = new ChatMessage(ChatRole.System, string.Concat(PrefixRequest.VolatileLine, "\n", _stable));
        return messages;
    }
}
