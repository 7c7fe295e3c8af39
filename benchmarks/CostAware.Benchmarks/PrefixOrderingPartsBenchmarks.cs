using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// The steps the prefix orderer takes on every call of the 20,000-token request of
/// <see cref="PrefixOrderingBenchmarks"/> once its blocks are cached, measured one by one, to show where its time and
/// allocations go.
/// </summary>
[MemoryDiagnoser]
public class PrefixOrderingPartsBenchmarks
{
    private const string Route = "gpt-4o";

    private readonly VolatileContentDetector _detector = new();
    private readonly ConditionalWeakTable<string, StrongBox<int>> _textTokens = [];
    private readonly ITokenCounter _counter = TiktokenTokenCounter.O200kBase;
    private List<ChatMessage> _request = null!;
    private PromptTextAnalysis _analysis = null!;
    private string _stableRegion = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = PrefixRequest.Messages(PrefixRequest.VolatileLine + "\n" + PrefixRequest.StableInstructions());
        _analysis = PromptTextAnalysis.Create(_request[0].Text, Route, 0, _detector, _counter);
        _stableRegion = StableRegion();
        _detector.Observe(Route, _stableRegion);
        foreach (var message in _request)
        {
            CountHistoryText(message.Text);
        }
    }

    [Benchmark(Description = "LearnFromTraffic: append the stable text to a StringBuilder, ToString()")]
    public string StableRegion() => new StringBuilder().Append(_analysis.StableText).Append('\n').ToString();

    [Benchmark(Description = "LearnFromTraffic: VolatileContentDetector.Observe (lines unchanged)")]
    public IReadOnlyList<string> Observe() => _detector.Observe(Route, _stableRegion);

    [Benchmark(Description = "SHA-256 prefix hash: create, append the system prompt's hash, finish, to hex")]
    public string PrefixHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(_analysis.StableHash);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [Benchmark(Description = "SHA-256 prefix hash, one shot over the blocks' hashes (no IncrementalHash), to hex")]
    public string PrefixHashOneShot()
    {
        // What a fix could do: stack the cached 32-byte block hashes and hash them once.
        Span<byte> blocks = stackalloc byte[32];
        _analysis.StableHash.CopyTo(blocks);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(blocks, hash);
        return Convert.ToHexStringLower(hash);
    }

    [Benchmark(Description = "cached token counts of the 9 other texts (ConditionalWeakTable.GetValue with a capturing lambda)")]
    public int HistoryTokens()
    {
        int tokens = 0;
        for (int i = 1; i < _request.Count; i++)
        {
            tokens += CountHistoryText(_request[i].Text);
        }

        return tokens;
    }

    [Benchmark(Description = "move the volatile line: two TextContents, two content lists, two message copies, the message list")]
    public List<ChatMessage> Move()
    {
        var system = _request[0];
        List<AIContent> moved = [new TextContent(_analysis.VolatileText)];
        List<AIContent> contents = [new TextContent(_analysis.StableText)];
        List<ChatMessage> rewritten = [new ChatMessage(system.Role, contents)];
        for (int i = 1; i < _request.Count; i++)
        {
            rewritten.Add(_request[i]);
        }

        var turn = rewritten[^1];
        rewritten[^1] = new ChatMessage(turn.Role, [.. moved, .. turn.Contents]);
        return rewritten;
    }

    [Benchmark(Description = "first-seen system prompt: PromptTextAnalysis.Create (what a new string instance costs)")]
    public int AnalyzeNewText() => PromptTextAnalysis.Create(_request[0].Text, Route, 0, _detector, _counter).TokenCount;

    [Benchmark(Description = "first-seen system prompt: TiktokenTokenCounter.CountTokens")]
    public int CountNewText() => _counter.CountTokens(_request[0].Text);

    [Benchmark(Description = "first-seen system prompt: VolatileContentDetector.Detect")]
    public int DetectNewText() => _detector.Detect(_request[0].Text, Route).Count;

    private int CountHistoryText(string text) => _textTokens.GetValue(text, t => new StrongBox<int>(_counter.CountTokens(t))).Value;
}
