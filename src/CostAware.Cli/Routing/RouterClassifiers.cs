using Microsoft.Extensions.AI;

namespace CostAware.Cli.Routing;

/// <summary>The routers <c>eval-router</c> scores, and how each one scores the prompts.</summary>
internal static class RouterClassifiers
{
    /// <summary>The heuristic difficulty classifier: no training, no model.</summary>
    public const string Heuristic = "heuristic";

    /// <summary>The embedding difficulty classifier, trained by k-fold cross-validation on the data's labels.</summary>
    public const string Embedding = "embedding";

    /// <summary>A router that scores every prompt at random (seeded); its measured curve wanders around the analytic
    /// random baseline.</summary>
    public const string Random = "random";

    /// <summary>Scores every prompt.</summary>
    /// <param name="classifier">The classifier's name.</param>
    /// <param name="rows">The prompts and their labels.</param>
    /// <param name="folds">The number of folds for a learned classifier.</param>
    /// <param name="seed">The seed of the fold shuffle and of the random router.</param>
    /// <param name="createGenerator">Creates the embedding generator; called only for the embedding classifier.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Per prompt, its score; higher sends it to the strong model sooner.</returns>
    public static async Task<double[]> ScoreAsync(
        string classifier,
        IReadOnlyList<RouterRow> rows,
        int folds,
        int seed,
        Func<IEmbeddingGenerator<string, Embedding<float>>> createGenerator,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(createGenerator);
        switch (classifier)
        {
            case Heuristic:
                var heuristic = new HeuristicDifficultyClassifier();
                return [.. rows.Select(r => heuristic.Score(DifficultyContext.ForPrompt(r.Prompt)))];

            case Random:
                var random = new Random(seed);
                return [.. rows.Select(_ => random.NextDouble())];

            case Embedding:
                if (folds < 2 || folds > rows.Count)
                {
                    throw new CliException($"--folds {folds} is not possible with {rows.Count} prompt(s): use 2 to {Math.Max(2, rows.Count)} folds.");
                }

                using (var generator = createGenerator())
                {
                    var embeddings = await generator.GenerateAsync([.. rows.Select(static r => r.Prompt)], cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (embeddings.Count != rows.Count)
                    {
                        throw new CliException($"the embedding generator returned {embeddings.Count} vector(s) for {rows.Count} prompt(s).");
                    }

                    return CrossValidation.Score(
                        [.. embeddings.Select(static e => e.Vector)],
                        [.. rows.Select(static r => r.StrongNeeded)],
                        [.. rows.Select(static r => r.Prompt)],
                        folds,
                        seed,
                        () => new EmbeddingFoldClassifier(new EmbeddingDifficultyClassifier(generator, new EmbeddingDifficultyOptions { AutomaticTuning = false })),
                        cancellationToken);
                }

            default:
                throw new CliException($"--classifier '{classifier}' is not one of {Heuristic}, {Embedding}, {Random}.");
        }
    }

    // One fold's embedding classifier, fed vectors computed once for every fold and tuned on the fold's training
    // prompts only (the number of neighbours and the combination with free features, see EmbeddingDifficultyClassifier.Tune).
    private sealed class EmbeddingFoldClassifier(EmbeddingDifficultyClassifier classifier) : IFoldClassifier
    {
        public void Add(ReadOnlyMemory<float> embedding, bool strongNeeded, string prompt) => classifier.AddExample(embedding, strongNeeded, prompt);

        public void Fit() => classifier.Tune();

        public double Score(ReadOnlySpan<float> embedding, string prompt) => classifier.ScoreEmbedding(embedding, prompt);
    }
}
