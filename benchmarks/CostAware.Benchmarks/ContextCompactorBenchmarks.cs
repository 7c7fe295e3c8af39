using BenchmarkDotNet.Attributes;

namespace CostAware.Benchmarks;

/// <summary>
/// The context compactor over 1,000 retrieved passages (750 distinct, 250 planted duplicates): near-duplicate
/// detection alone, and the whole compaction (detection, BM25 ranking, packing into 4,000 tokens). The baseline splits
/// the passages into words and counts their tokens, the work every pass over the passages starts with.
/// </summary>
[MemoryDiagnoser]
public class ContextCompactorBenchmarks
{
    private List<ContextPassage> _passages = null!;
    private ulong[][] _words = null!;
    private ContextCompactor _compactor = null!;
    private NearDuplicateDetector _detector = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_passages, _, _) = PassageSet.Generate(distinct: 750, duplicates: 250);
        _words = [.. _passages.Select(p => NearDuplicateDetector.WordHashes(p.Text))];
        _compactor = new ContextCompactor();
        _detector = new NearDuplicateDetector(ContextCompactorOptions.DefaultShingleSize, ContextCompactorOptions.DefaultNearDuplicateThreshold);
    }

    [Benchmark(Baseline = true)]
    public int SplitAndCount()
    {
        int total = 0;
        foreach (var passage in _passages)
        {
            total += Words.Split(passage.Text).Count + TiktokenTokenCounter.O200kBase.CountTokens(passage.Text);
        }

        return total;
    }

    [Benchmark]
    public int NearDuplicates_PreSplit() => _detector.Find(_words).Count(d => d.Of >= 0);

    [Benchmark]
    public int FindDuplicates() => _compactor.FindDuplicates(_passages).Count;

    [Benchmark]
    public Task<ContextCompactionResult> Compact() => _compactor.CompactAsync(PassageSet.Question, _passages, 4000);
}
