using Xunit.Abstractions;

namespace CostAware.Tests.Routing;

/// <summary>The 8-bit scan with float rescoring that <see cref="EmbeddingDifficultyClassifier"/> uses from
/// <see cref="EmbeddingDifficultyClassifier.QuantizedSearchMinimumCount"/> examples, against a brute-force float
/// reference computed here.</summary>
public class EmbeddingQuantizedSearchTests(ITestOutputHelper output)
{
    private const int Dimensions = 384;
    private const double PriorWeight = 1;

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    public void On_random_unit_vectors_the_quantized_search_finds_the_exact_neighbours_and_score(int neighbors)
    {
        var random = new Random(5_000 + neighbors);
        var rows = new float[5_000][];
        var labels = new bool[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = UnitVector(random);
            labels[i] = random.Next(3) == 0;
        }

        var classifier = Load(rows, labels, neighbors);
        int agreed = 0;
        const int Queries = 200;
        for (int n = 0; n < Queries; n++)
        {
            // Not normalized: the search must not depend on the query's length.
            float[] query = Gaussian(random, (float)(0.5 + random.NextDouble()));
            var (expectedNeighbors, expectedScore) = Reference(rows, labels, query, neighbors);
            int[] found = classifier.NearestNeighbors(query, neighbors);
            if (found.Order().SequenceEqual(expectedNeighbors.Order()))
            {
                agreed++;
                found.Should().Equal(expectedNeighbors, "the same neighbours come in the same order");
                classifier.ScoreEmbedding(query).Should().Be(expectedScore, "the candidates are rescored in float exactly as the exact scan scores them");
            }
        }

        output.WriteLine($"K = {neighbors}: the top-{neighbors} sets agree for {agreed} of {Queries} queries.");
        agreed.Should().BeGreaterThanOrEqualTo(Queries - 1);
    }

    [Fact]
    public void On_clustered_vectors_the_quantized_search_always_finds_the_exact_neighbours_and_score()
    {
        // 500 clusters of 10 around random centres: a query near a centre has its cluster as its 10 neighbours, far
        // closer than any other example.
        const int Neighbors = 10;
        var random = new Random(10);
        var centres = new float[500][];
        var rows = new float[centres.Length * Neighbors][];
        var labels = new bool[rows.Length];
        for (int c = 0; c < centres.Length; c++)
        {
            centres[c] = UnitVector(random);
            for (int m = 0; m < Neighbors; m++)
            {
                rows[(c * Neighbors) + m] = Near(random, centres[c]);
                labels[(c * Neighbors) + m] = random.Next(2) == 0;
            }
        }

        var classifier = Load(rows, labels, Neighbors);
        for (int n = 0; n < 200; n++)
        {
            int cluster = random.Next(centres.Length);
            float[] query = Near(random, centres[cluster]);
            var (expectedNeighbors, expectedScore) = Reference(rows, labels, query, Neighbors);

            expectedNeighbors.Should().OnlyContain(i => i / Neighbors == cluster);
            classifier.NearestNeighbors(query, Neighbors).Should().Equal(expectedNeighbors);
            classifier.ScoreEmbedding(query).Should().Be(expectedScore);
        }
    }

    [Fact]
    public void Below_the_threshold_the_search_is_the_exact_float_scan()
    {
        const int Neighbors = 10;
        var random = new Random(2_047);
        var rows = new float[EmbeddingDifficultyClassifier.QuantizedSearchMinimumCount - 1][];
        var labels = new bool[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = UnitVector(random);
            labels[i] = random.Next(2) == 0;
        }

        var classifier = Load(rows, labels, Neighbors);
        for (int n = 0; n < 50; n++)
        {
            float[] query = Gaussian(random, 1);
            var (expectedNeighbors, expectedScore) = Reference(rows, labels, query, Neighbors);

            classifier.NearestNeighbors(query, Neighbors).Should().Equal(expectedNeighbors);
            classifier.ScoreEmbedding(query).Should().Be(expectedScore);
        }
    }

    [Fact]
    public void Quantizing_keeps_each_value_within_half_a_step_and_the_bytes_within_127()
    {
        var random = new Random(127);
        float[] values = [.. Gaussian(random, 3), .. Gaussian(random, 3).AsSpan(0, 17)];
        values[17] = -20;
        var bytes = new sbyte[values.Length];

        float scale = QuantizedRows.Quantize(values, bytes);

        scale.Should().Be(20f / 127);
        bytes[17].Should().Be(-127);
        for (int i = 0; i < values.Length; i++)
        {
            bytes[i].Should().BeInRange(-127, 127);
            Math.Abs(values[i] - (scale * bytes[i])).Should().BeLessThanOrEqualTo((scale / 2) + 1e-6f);
            bytes[i].Should().Be((sbyte)MathF.Round(values[i] * (127 / 20f)), "the vectorized part rounds as the scalar tail does");
        }

        QuantizedRows.Quantize(new float[8], bytes).Should().Be(0);
        bytes.AsSpan(0, 8).ToArray().Should().OnlyContain(b => b == 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(384)]
    [InlineData(1_000)]
    public void The_8_bit_dot_product_is_exact_at_any_length(int length)
    {
        var random = new Random(length);
        var x = new sbyte[length];
        var y = new sbyte[length];
        long expected = 0;
        for (int i = 0; i < length; i++)
        {
            // Extremes included: 127 × 127 pairs are where a 16-bit intermediate would saturate.
            x[i] = (sbyte)(i % 5 == 0 ? 127 * (random.Next(2) == 0 ? 1 : -1) : random.Next(-127, 128));
            y[i] = (sbyte)(i % 5 == 0 ? -x[i] : random.Next(-127, 128));
            expected += x[i] * y[i];
        }

        QuantizedRows.Dot(x, y).Should().Be((int)expected);
        QuantizedRows.Dot(y, x).Should().Be((int)expected);
    }

    [Fact]
    public async Task Examples_added_while_scoring_across_the_threshold_are_all_kept()
    {
        const int Added = EmbeddingDifficultyClassifier.QuantizedSearchMinimumCount + 1_000;
        var classifier = new EmbeddingDifficultyClassifier(new EmbeddingDifficultyClassifierTests.WordCountGenerator(), new EmbeddingDifficultyOptions { Neighbors = 5, AutomaticTuning = false });
        classifier.AddExample(UnitVector(new Random(0)), true);
        float[] query = UnitVector(new Random(1));
        using var stop = new CancellationTokenSource();
        var scoring = Task.Run(() =>
        {
            int scored = 0;
            while (!stop.IsCancellationRequested)
            {
                classifier.ScoreEmbedding(query).Should().BeInRange(0, 1);
                scored++;
            }

            return scored;
        });

        await Parallel.ForAsync(0, Added, (i, _) =>
        {
            classifier.AddExample(UnitVector(new Random(i + 2)), i % 2 == 0);
            return ValueTask.CompletedTask;
        });
        stop.Cancel();
        int scoredCount = await scoring;

        classifier.Count.Should().Be(Added + 1);
        classifier.NearestNeighbors(query, 5).Should().OnlyHaveUniqueItems().And.HaveCount(5);
        scoredCount.Should().BePositive();
    }

    private static EmbeddingDifficultyClassifier Load(float[][] rows, bool[] labels, int neighbors)
    {
        var classifier = new EmbeddingDifficultyClassifier(
            new EmbeddingDifficultyClassifierTests.WordCountGenerator(),
            new EmbeddingDifficultyOptions { Neighbors = neighbors, PriorWeight = PriorWeight, AutomaticTuning = false });
        for (int i = 0; i < rows.Length; i++)
        {
            classifier.AddExample(rows[i], labels[i]);
        }

        return classifier;
    }

    /// <summary>The exact search by brute force: every similarity, sorted (ties by position, as the classifier
    /// breaks them), and the score computed as the classifier documents it.</summary>
    private static (int[] Neighbors, double Score) Reference(float[][] rows, bool[] labels, float[] query, int neighbors)
    {
        float norm = MathF.Sqrt(EmbeddingDifficultyClassifier.Dot(query, query));
        var similarities = rows.Select(row => EmbeddingDifficultyClassifier.Dot(query, row)).ToArray();
        int[] nearest = [.. Enumerable.Range(0, rows.Length).OrderByDescending(i => similarities[i]).ThenBy(i => i).Take(neighbors)];
        double weighted = 0, total = 0;
        foreach (int i in nearest)
        {
            double weight = Math.Max(similarities[i] / norm, 0);
            weighted += weight * (labels[i] ? 1 : 0);
            total += weight;
        }

        double baseRate = labels.Count(static l => l) / (double)labels.Length;
        return (nearest, Math.Clamp((weighted + (PriorWeight * baseRate)) / (total + PriorWeight), 0, 1));
    }

    private static float[] Gaussian(Random random, float scale)
    {
        var vector = new float[Dimensions];
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = scale * (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble()));
        }

        return vector;
    }

    /// <summary>A random unit vector; its float norm is within the classifier's tolerance of 1, so the classifier
    /// keeps it bit for bit and the reference sees the same rows.</summary>
    private static float[] UnitVector(Random random) => Normalize(Gaussian(random, 1));

    /// <summary>A unit vector close to <paramref name="centre"/> (cosine about 0.99).</summary>
    private static float[] Near(Random random, float[] centre)
    {
        float[] noise = Gaussian(random, 0.007f);
        return Normalize([.. centre.Select((c, i) => c + noise[i])]);
    }

    private static float[] Normalize(float[] vector)
    {
        float norm = MathF.Sqrt(EmbeddingDifficultyClassifier.Dot(vector, vector));
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        MathF.Abs(MathF.Sqrt(EmbeddingDifficultyClassifier.Dot(vector, vector)) - 1).Should().BeLessThanOrEqualTo(1e-5f);
        return vector;
    }
}
