using System.Numerics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// The nearest-neighbour search of <see cref="EmbeddingDifficultyClassifier"/> over 10,000 labelled examples of 384
/// dimensions (random unit vectors and labels from a seeded generator), without the embedding call:
/// <see cref="EmbeddingDifficultyClassifier.ScoreEmbedding"/> with 10 and 50 neighbours (over 10,000 examples it scans
/// its 8-bit copy of the vectors and rescores max(4K, K + 32) candidates in float), against a plain loop that
/// computes the same 10,000 float dot products and keeps no top-k (the floor any exact float search pays), and the same
/// products four rows at a time with independent accumulators (what a faster dot product would save) and over vectors
/// quantized to 8 bits with plain <see cref="Vector{T}"/> widening (what reading a quarter of the bytes saves without
/// the classifier's vpmaddubsw dot product). A second group loads
/// the 10,000 examples into a new classifier with <see cref="EmbeddingDifficultyClassifier.AddExample"/>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EmbeddingClassifierBenchmarks
{
    private const int Examples = 10_000;
    private const int Dimensions = 384;
    private const string Search = "Search, 10,000 x 384";
    private const string Load = "AddExample, 10,000 x 384";

    private float[] _vectors = null!;
    private bool[] _labels = null!;
    private float[] _query = null!;
    private sbyte[] _vectors8 = null!;
    private sbyte[] _query8 = null!;
    private EmbeddingDifficultyClassifier _k10 = null!;
    private EmbeddingDifficultyClassifier _k50 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(384);
        _vectors = new float[Examples * Dimensions];
        _labels = new bool[Examples];
        for (int row = 0; row < Examples; row++)
        {
            FillUnitVector(random, _vectors.AsSpan(row * Dimensions, Dimensions));
            _labels[row] = random.Next(2) == 0;
        }

        _query = new float[Dimensions];
        FillUnitVector(random, _query);

        _vectors8 = Quantize(_vectors);
        _query8 = Quantize(_query);
        _k10 = Load10000(new EmbeddingDifficultyOptions { Neighbors = 10, AutomaticTuning = false });
        _k50 = Load10000(new EmbeddingDifficultyOptions { Neighbors = 50, AutomaticTuning = false });
        Console.WriteLine(
            $"// {_k10.Count} examples of {_k10.Dimensions} dimensions, base rate {_k10.BaseRate:0.###}; " +
            $"score K=10 {_k10.ScoreEmbedding(_query):0.####}, K=50 {_k50.ScoreEmbedding(_query):0.####}.");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Search)]
    public float DotProductsOnly()
    {
        // The classifier's own dot product (Vector<T>, one accumulator) over the same contiguous rows; the best
        // similarity is kept so that no product can be skipped.
        var query = _query.AsSpan();
        var vectors = _vectors.AsSpan();
        float best = float.NegativeInfinity;
        for (int row = 0; row < Examples; row++)
        {
            float similarity = Dot(query, vectors.Slice(row * Dimensions, Dimensions));
            if (similarity > best)
            {
                best = similarity;
            }
        }

        return best;
    }

    [Benchmark]
    [BenchmarkCategory(Search)]
    public float DotProductsOnly_FourRowsAtOnce()
    {
        // The same products, four rows per pass with four independent accumulators (the query's vectors are loaded
        // once for the four rows): what the search could cost if its dot product were not one dependency chain.
        var query = MemoryMarshal.Cast<float, Vector<float>>(_query.AsSpan());
        var vectors = _vectors.AsSpan();
        float best = float.NegativeInfinity;
        for (int row = 0; row < Examples; row += 4)
        {
            var r0 = MemoryMarshal.Cast<float, Vector<float>>(vectors.Slice(row * Dimensions, Dimensions));
            var r1 = MemoryMarshal.Cast<float, Vector<float>>(vectors.Slice((row + 1) * Dimensions, Dimensions));
            var r2 = MemoryMarshal.Cast<float, Vector<float>>(vectors.Slice((row + 2) * Dimensions, Dimensions));
            var r3 = MemoryMarshal.Cast<float, Vector<float>>(vectors.Slice((row + 3) * Dimensions, Dimensions));
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int v = 0; v < query.Length; v++)
            {
                var q = query[v];
                a0 += q * r0[v];
                a1 += q * r1[v];
                a2 += q * r2[v];
                a3 += q * r3[v];
            }

            best = Math.Max(best, Math.Max(Math.Max(Vector.Sum(a0), Vector.Sum(a1)), Math.Max(Vector.Sum(a2), Vector.Sum(a3))));
        }

        return best;
    }

    [Benchmark]
    [BenchmarkCategory(Search)]
    public int DotProductsOnly_Int8()
    {
        // The same products over the vectors quantized to 8 bits (a quarter of the bytes read): what the search could
        // cost if its time is memory bandwidth. Ranking only; the scale is ignored.
        var query = MemoryMarshal.Cast<sbyte, Vector<sbyte>>(_query8.AsSpan());
        var vectors = _vectors8.AsSpan();
        int best = int.MinValue;
        for (int row = 0; row < Examples; row++)
        {
            var r = MemoryMarshal.Cast<sbyte, Vector<sbyte>>(vectors.Slice(row * Dimensions, Dimensions));
            var acc = Vector<int>.Zero;
            for (int v = 0; v < query.Length; v++)
            {
                Vector.Widen(query[v], out var q0, out var q1);
                Vector.Widen(r[v], out var r0, out var r1);
                Vector.Widen(q0 * r0, out var p0, out var p1);
                Vector.Widen(q1 * r1, out var p2, out var p3);
                acc += p0 + p1 + p2 + p3;
            }

            best = Math.Max(best, Vector.Sum(acc));
        }

        return best;
    }

    [Benchmark]
    [BenchmarkCategory(Search)]
    public double ScoreEmbedding_K10() => _k10.ScoreEmbedding(_query);

    [Benchmark]
    [BenchmarkCategory(Search)]
    public double ScoreEmbedding_K50() => _k50.ScoreEmbedding(_query);

    [Benchmark]
    [BenchmarkCategory(Load)]
    public int AddExample_10000() => Load10000(new EmbeddingDifficultyOptions { AutomaticTuning = false }).Count;

    private EmbeddingDifficultyClassifier Load10000(EmbeddingDifficultyOptions options)
    {
        var classifier = new EmbeddingDifficultyClassifier(UnusedGenerator.Instance, options);
        var vectors = _vectors.AsMemory();
        for (int row = 0; row < Examples; row++)
        {
            classifier.AddExample(vectors.Slice(row * Dimensions, Dimensions), _labels[row]);
        }

        return classifier;
    }

    // Components of a unit vector lie in [-1, 1]; random 384-dimension ones stay within about ±0.3, so ×400 fits a
    // signed byte (clamped at ±127).
    private static sbyte[] Quantize(float[] values) =>
        [.. values.Select(static v => (sbyte)Math.Clamp(MathF.Round(v * 400), -127, 127))];

    private static void FillUnitVector(Random random, Span<float> vector)
    {
        // Gaussian components (Box-Muller), then normalized: uniform on the sphere.
        double norm = 0;
        for (int i = 0; i < vector.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double value = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            vector[i] = (float)value;
            norm += value * value;
        }

        float scale = (float)(1.0 / Math.Sqrt(norm));
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var acc = Vector<float>.Zero;
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        for (int v = 0; v < vx.Length; v++)
        {
            acc += vx[v] * vy[v];
        }

        float sum = Vector.Sum(acc);
        for (int i = vx.Length * Vector<float>.Count; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>The classifier needs a generator; these benchmarks pass embeddings directly and never call it.</summary>
    private sealed class UnusedGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public static readonly UnusedGenerator Instance = new();

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values,
            EmbeddingGenerationOptions? options = null,
            CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmarks pass embeddings directly.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
