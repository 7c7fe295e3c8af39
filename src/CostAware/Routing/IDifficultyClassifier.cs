namespace CostAware;

/// <summary>Rates how hard a request is, so that a router can send it to the cheapest tier able to answer it.</summary>
/// <remarks>
/// <para>A score is a number in [0, 1]; higher means a stronger model is more likely to be needed. Only the order of
/// scores matters to a router: its thresholds are calibrated on the classifier's own scores
/// (<see cref="RouterCalibration"/>), so a classifier need not produce probabilities.</para>
/// <para>Implementations must be thread-safe; a router calls them concurrently.</para>
/// </remarks>
public interface IDifficultyClassifier
{
    /// <summary>Scores a request.</summary>
    /// <param name="context">The request.</param>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    /// <returns>The score, in [0, 1].</returns>
    ValueTask<double> ScoreAsync(DifficultyContext context, CancellationToken cancellationToken = default);
}
