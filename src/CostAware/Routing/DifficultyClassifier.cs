namespace CostAware;

/// <summary>Creates difficulty classifiers.</summary>
public static class DifficultyClassifier
{
    /// <summary>Creates a classifier from a delegate, for a rule of the application's own.</summary>
    /// <param name="score">Scores a request, in [0, 1]; higher means a stronger model is more likely needed.</param>
    /// <returns>The classifier. A score outside [0, 1] or not a number is reported as an
    /// <see cref="InvalidOperationException"/>.</returns>
    public static IDifficultyClassifier FromDelegate(Func<DifficultyContext, CancellationToken, ValueTask<double>> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateClassifier(score);
    }

    /// <summary>Creates a classifier from a synchronous delegate.</summary>
    /// <param name="score">Scores a request, in [0, 1].</param>
    /// <returns>The classifier.</returns>
    public static IDifficultyClassifier FromDelegate(Func<DifficultyContext, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateClassifier((context, _) => ValueTask.FromResult(score(context)));
    }

    internal static double CheckScore(double score, object classifier) =>
        score is >= 0 and <= 1
            ? score
            : throw new InvalidOperationException($"The difficulty classifier ({(classifier is DelegateClassifier ? "the delegate given to DifficultyClassifier.FromDelegate" : classifier.GetType().Name)}) returned {score}; scores must be between 0 and 1.");

    private sealed class DelegateClassifier(Func<DifficultyContext, CancellationToken, ValueTask<double>> score) : IDifficultyClassifier
    {
        public async ValueTask<double> ScoreAsync(DifficultyContext context, CancellationToken cancellationToken = default) =>
            CheckScore(await score(context, cancellationToken).ConfigureAwait(false), this);
    }
}
