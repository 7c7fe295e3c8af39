namespace CostAware;

/// <summary>What <see cref="EmbeddingDifficultyClassifier.Tune"/> learned: the number of neighbours, and optionally
/// a logistic combination of their vote with free features of the prompt.</summary>
internal sealed class NeighborTuning
{
    public static readonly NeighborTuning None = new(0, null, 0);

    private const int FeatureCount = 5;
    private readonly double[]? _weights;

    private NeighborTuning(int neighbors, double[]? weights, int examples)
    {
        Neighbors = neighbors;
        _weights = weights;
        Examples = examples;
    }

    /// <summary>Gets the chosen number of neighbours, 0 before tuning.</summary>
    public int Neighbors { get; }

    /// <summary>Gets the number of examples held when tuned.</summary>
    public int Examples { get; }

    /// <summary>Whether enough examples were added since tuning (a quarter more, or the first time the minimum).</summary>
    /// <remarks>A tuning attempt that could not tune (one label only) also waits for the examples to grow.</remarks>
    public bool IsStale(int count, int minimum, int attemptedAt)
    {
        int basis = Math.Max(Examples, attemptedAt);
        return count >= (basis == 0 ? minimum : basis + Math.Max(basis / 4, 20));
    }

    /// <summary>Combines a vote with the prompt's features, or returns the vote when no combination was fitted or the
    /// prompt is unknown.</summary>
    public double Combine(double vote, string? prompt)
    {
        if (_weights is null || prompt is null)
        {
            return vote;
        }

        Span<double> x = stackalloc double[FeatureCount];
        Features(vote, prompt, x);
        return Logistic(_weights, x);
    }

    public static NeighborTuning? Fit(float[] vectors, bool[] labels, string?[] prompts, int count, int dimensions, EmbeddingDifficultyOptions options)
    {
        int m = Math.Min(count, options.MaximumTuningExamples);
        int first = count - m;
        int positives = 0;
        for (int i = first; i < count; i++)
        {
            positives += labels[i] ? 1 : 0;
        }

        if (m < options.MinimumExamplesToTune || m < 3 || positives == 0 || positives == m)
        {
            return null;
        }

        int[] candidates = [.. options.NeighborCandidates.Where(k => k >= 1).Select(k => Math.Min(k, m - 1)).Distinct().Order()];
        int maxK = candidates[^1];

        // Leave-one-out: each example's neighbours among the others, as prefix sums of weight and weighted label.
        var weightSums = new double[m, maxK + 1];
        var labelSums = new double[m, maxK + 1];
        var similarities = new float[m - 1];
        var indices = new int[m - 1];
        for (int i = 0; i < m; i++)
        {
            var row = vectors.AsSpan((first + i) * dimensions, dimensions);
            int n = 0;
            for (int j = 0; j < m; j++)
            {
                if (j != i)
                {
                    similarities[n] = -EmbeddingDifficultyClassifier.Dot(row, vectors.AsSpan((first + j) * dimensions, dimensions));
                    indices[n++] = first + j;
                }
            }

            Array.Sort(similarities, indices);
            for (int k = 1; k <= maxK; k++)
            {
                double weight = Math.Max(-similarities[k - 1], 0);
                weightSums[i, k] = weightSums[i, k - 1] + weight;
                labelSums[i, k] = labelSums[i, k - 1] + (labels[indices[k - 1]] ? weight : 0);
            }
        }

        bool[] truth = [.. labels.AsSpan(first, m)];
        double baseRate = positives / (double)m;
        int bestK = candidates[0];
        double bestAuc = double.NegativeInfinity;
        var votes = new double[m];
        foreach (int k in candidates)
        {
            for (int i = 0; i < m; i++)
            {
                votes[i] = weightSums[i, k] > 0 ? labelSums[i, k] / weightSums[i, k] : baseRate;
            }

            double auc = Auc(votes, truth);
            if (auc > bestAuc)
            {
                (bestAuc, bestK) = (auc, k);
            }
        }

        for (int i = 0; i < m; i++)
        {
            votes[i] = weightSums[i, bestK] > 0 ? labelSums[i, bestK] / weightSums[i, bestK] : baseRate;
        }

        double[]? weights = null;
        if (prompts.AsSpan(first, m).IndexOf((string?)null) < 0)
        {
            var x = new double[m][];
            for (int i = 0; i < m; i++)
            {
                x[i] = new double[FeatureCount];
                Features(votes[i], prompts[first + i]!, x[i]);
            }

            weights = FitLogistic(x, truth);
        }

        return new NeighborTuning(bestK, weights, count);
    }

    private static void Features(double vote, string prompt, Span<double> x)
    {
        var f = HeuristicDifficultyClassifier.GetFeatures(DifficultyContext.ForPrompt(prompt));
        x[0] = vote;
        x[1] = Math.Log2(1 + (f.Characters / 200.0));
        x[2] = Math.Log2(1 + f.Numbers);
        x[3] = Math.Log2(1 + f.StepCues);
        x[4] = Math.Log2(1 + f.ReasoningCues + f.Constraints);
    }

    private static double Logistic(double[] w, ReadOnlySpan<double> x)
    {
        double z = w[^1];
        for (int j = 0; j < x.Length; j++)
        {
            z += w[j] * x[j];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    // Logistic regression by full-batch Adam; the features are few and on similar scales.
    private static double[] FitLogistic(double[][] x, bool[] y)
    {
        const int Iterations = 400;
        const double Rate = 0.05, Beta1 = 0.9, Beta2 = 0.999, L2 = 1e-4;
        int d = x[0].Length;
        var w = new double[d + 1];
        var m = new double[d + 1];
        var v = new double[d + 1];
        var g = new double[d + 1];
        for (int it = 1; it <= Iterations; it++)
        {
            Array.Clear(g);
            for (int i = 0; i < x.Length; i++)
            {
                double error = Logistic(w, x[i]) - (y[i] ? 1 : 0);
                for (int j = 0; j < d; j++)
                {
                    g[j] += error * x[i][j];
                }

                g[d] += error;
            }

            for (int j = 0; j <= d; j++)
            {
                double gradient = (g[j] / x.Length) + (j < d ? L2 * w[j] : 0);
                m[j] = (Beta1 * m[j]) + ((1 - Beta1) * gradient);
                v[j] = (Beta2 * v[j]) + ((1 - Beta2) * gradient * gradient);
                double mHat = m[j] / (1 - Math.Pow(Beta1, it)), vHat = v[j] / (1 - Math.Pow(Beta2, it));
                w[j] -= Rate * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
        }

        return w;
    }

    // ROC AUC by ranks, ties sharing their average rank.
    private static double Auc(double[] scores, bool[] labels)
    {
        int n = scores.Length;
        int[] order = [.. Enumerable.Range(0, n).OrderBy(i => scores[i])];
        double rankSum = 0;
        long positives = 0;
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            double rank = ((start + end) / 2.0) + 1;
            for (int i = start; i <= end; i++)
            {
                if (labels[order[i]])
                {
                    rankSum += rank;
                    positives++;
                }
            }

            start = end + 1;
        }

        long negatives = n - positives;
        return (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
