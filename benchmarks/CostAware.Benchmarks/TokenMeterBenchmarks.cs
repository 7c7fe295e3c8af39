using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// What the token meter adds to a call, against the bare client and against Microsoft.Extensions.AI's lightest
/// decorator (<c>ConfigureOptions</c>), non-streaming and streaming.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TokenMeterBenchmarks
{
    private const string Response = "GetResponse";
    private const string Streaming = "Streaming";
    private const string LongStreaming = "Streaming, 100 text updates";

    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "What is the answer?")];
    private IChatClient _bare = null!;
    private IChatClient _configureOptions = null!;
    private IChatClient _meterInMemory = null!;
    private IChatClient _meterNull = null!;
    private IChatClient _meterNullNoAttach = null!;
    private IChatClient _bareLong = null!;
    private IChatClient _meterLong = null!;
    private IChatClient _meterLongNoEstimate = null!;

    [GlobalSetup]
    public void Setup()
    {
        var inner = new NoOpChatClient();
        _bare = inner;
        _configureOptions = new ChatClientBuilder(inner).ConfigureOptions(_ => { }).Build();

        // A retention of one keeps the ledger's memory flat over millions of iterations; it still totals every entry.
        _meterInMemory = new ChatClientBuilder(inner).UseTokenMeter(new InMemoryCostLedger(maximumRetainedEntries: 1)).Build();
        _meterNull = new ChatClientBuilder(inner).UseTokenMeter(NullCostLedger.Instance).Build();
        _meterNullNoAttach = new ChatClientBuilder(inner)
            .UseTokenMeter(NullCostLedger.Instance, options => options.AttachCostToResponse = false)
            .Build();

        var longInner = new NoOpChatClient(textUpdates: 100);
        _bareLong = longInner;
        _meterLong = new ChatClientBuilder(longInner).UseTokenMeter(NullCostLedger.Instance).Build();
        _meterLongNoEstimate = new ChatClientBuilder(longInner)
            .UseTokenMeter(NullCostLedger.Instance, options => options.EstimateIncompleteStreams = false)
            .Build();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> ConfigureOptions() => _configureOptions.GetResponseAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> TokenMeter_InMemoryLedger() => _meterInMemory.GetResponseAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> TokenMeter_NullLedger() => _meterNull.GetResponseAsync(_messages);

    [Benchmark]
    [BenchmarkCategory(Response)]
    public Task<ChatResponse> TokenMeter_NullLedger_NotAttached() => _meterNullNoAttach.GetResponseAsync(_messages);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Streaming)]
    public Task<int> Bare_Streaming() => DrainAsync(_bare);

    [Benchmark]
    [BenchmarkCategory(Streaming)]
    public Task<int> ConfigureOptions_Streaming() => DrainAsync(_configureOptions);

    [Benchmark]
    [BenchmarkCategory(Streaming)]
    public Task<int> TokenMeter_InMemoryLedger_Streaming() => DrainAsync(_meterInMemory);

    [Benchmark]
    [BenchmarkCategory(Streaming)]
    public Task<int> TokenMeter_NullLedger_Streaming() => DrainAsync(_meterNull);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(LongStreaming)]
    public Task<int> Bare_LongStreaming() => DrainAsync(_bareLong);

    [Benchmark]
    [BenchmarkCategory(LongStreaming)]
    public Task<int> TokenMeter_NullLedger_LongStreaming() => DrainAsync(_meterLong);

    [Benchmark]
    [BenchmarkCategory(LongStreaming)]
    public Task<int> TokenMeter_NullLedger_NoEstimates_LongStreaming() => DrainAsync(_meterLongNoEstimate);

    private async Task<int> DrainAsync(IChatClient client)
    {
        int count = 0;
        await foreach (var update in client.GetStreamingResponseAsync(_messages).ConfigureAwait(false))
        {
            count += update.Contents.Count;
        }

        return count;
    }
}
