namespace CostAware.Cli.Routing;

/// <summary>A classifier trained on one fold's training prompts and asked about its test prompts.</summary>
internal interface IFoldClassifier
{
    /// <summary>Adds one training prompt.</summary>
    /// <param name="embedding">The prompt's embedding.</param>
    /// <param name="strongNeeded">Whether the weak model's answer was not good enough.</param>
    /// <param name="prompt">The prompt's text.</param>
    void Add(ReadOnlyMemory<float> embedding, bool strongNeeded, string prompt);

    /// <summary>Finishes training, once every training prompt is added and before any test prompt is scored.</summary>
    void Fit();

    /// <summary>Scores one test prompt.</summary>
    /// <param name="embedding">The prompt's embedding.</param>
    /// <param name="prompt">The prompt's text.</param>
    /// <returns>The score in [0, 1]; higher means the strong model is needed.</returns>
    double Score(ReadOnlySpan<float> embedding, string prompt);
}

/// <summary>Scores every prompt with a classifier trained on the other folds (k-fold cross-validation), so that no
/// prompt is scored by a model that saw it.</summary>
internal static class CrossValidation
{
    /// <summary>Assigns each prompt to a fold: the prompts are shuffled with the seed and dealt round-robin, so the
    /// folds differ in size by one at most and the same seed always gives the same folds.</summary>
    /// <param name="count">The number of prompts.</param>
    /// <param name="folds">The number of folds, 2 or more and at most <paramref name="count"/>.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>Per prompt, its fold.</returns>
    /// <exception cref="CliException">The number of folds is not possible for this many prompts.</exception>
    public static int[] AssignFolds(int count, int folds, int seed)
    {
        if (folds < 2 || folds > count)
        {
            throw new CliException($"--folds {folds} is not possible with {count} prompt(s): use 2 to {Math.Max(2, count)} folds.");
        }

        int[] order = [.. Enumerable.Range(0, count)];
        new Random(seed).Shuffle(order);
        int[] fold = new int[count];
        for (int position = 0; position < count; position++)
        {
            fold[order[position]] = position % folds;
        }

        return fold;
    }

    /// <summary>Scores every prompt with a classifier trained on the prompts of the other folds.</summary>
    /// <param name="embeddings">Per prompt, its embedding, computed once and reused by every fold.</param>
    /// <param name="strongNeeded">Per prompt, its label.</param>
    /// <param name="prompts">Per prompt, its text.</param>
    /// <param name="folds">The number of folds.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <param name="createClassifier">Creates an untrained classifier; called once per fold.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Per prompt, its score.</returns>
    public static double[] Score(
        IReadOnlyList<ReadOnlyMemory<float>> embeddings,
        IReadOnlyList<bool> strongNeeded,
        IReadOnlyList<string> prompts,
        int folds,
        int seed,
        Func<IFoldClassifier> createClassifier,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(strongNeeded);
        ArgumentNullException.ThrowIfNull(createClassifier);
        ArgumentNullException.ThrowIfNull(prompts);
        if (embeddings.Count != strongNeeded.Count || embeddings.Count != prompts.Count)
        {
            throw new ArgumentException("every prompt needs one embedding, one label and its text.", nameof(strongNeeded));
        }

        int[] fold = AssignFolds(embeddings.Count, folds, seed);
        double[] scores = new double[embeddings.Count];
        for (int test = 0; test < folds; test++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var classifier = createClassifier();
            for (int i = 0; i < embeddings.Count; i++)
            {
                if (fold[i] != test)
                {
                    classifier.Add(embeddings[i], strongNeeded[i], prompts[i]);
                }
            }

            classifier.Fit();

            for (int i = 0; i < embeddings.Count; i++)
            {
                if (fold[i] == test)
                {
                    scores[i] = classifier.Score(embeddings[i].Span, prompts[i]);
                }
            }
        }

        return scores;
    }
}
