using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Options of <see cref="EmbeddingDifficultyClassifier"/>.</summary>
public sealed class EmbeddingDifficultyOptions
{
    /// <summary>Gets or sets how many nearest labelled examples vote on a score until the classifier is tuned
    /// (<see cref="EmbeddingDifficultyClassifier.Tune"/>), which chooses the number itself. Default 10.</summary>
    public int Neighbors { get; set; } = 10;

    /// <summary>Gets or sets the weight of the examples' base rate (the share labelled strong-needed) in each score, in
    /// units of one perfectly similar neighbour; it keeps scores from a few far neighbours near the base rate.
    /// Default 1.</summary>
    public double PriorWeight { get; set; } = 1.0;

    /// <summary>Gets or sets the score returned while no example is known. Default 0.5.</summary>
    public double ScoreWithoutExamples { get; set; } = 0.5;

    /// <summary>Gets or sets the options passed to the embedding generator.</summary>
    public EmbeddingGenerationOptions? GenerationOptions { get; set; }

    /// <summary>Gets or sets which text of a request is embedded; by default <see cref="DifficultyContext.Prompt"/>
    /// (the current user turn).</summary>
    public Func<DifficultyContext, string>? TextSelector { get; set; }

    /// <summary>Gets or sets the numbers of neighbours tuning chooses from. Default 5, 10, 20, 50, 100, 200.</summary>
    public IReadOnlyList<int> NeighborCandidates { get; set; } = [5, 10, 20, 50, 100, 200];

    /// <summary>Gets or sets a value indicating whether the classifier tunes itself in the background once it has
    /// <see cref="MinimumExamplesToTune"/> examples, and again whenever they have grown by a quarter. Default
    /// <see langword="false"/>: tuning changes how scores are spread, so thresholds calibrated before it give other
    /// shares after it. Turn it on when the router's thresholds are recalibrated as well (the router's drift warning
    /// says when the shares have moved), or call <see cref="EmbeddingDifficultyClassifier.Tune"/> and recalibrate.</summary>
    public bool AutomaticTuning { get; set; }

    /// <summary>Gets or sets the fewest examples tuning runs on. Default 50.</summary>
    public int MinimumExamplesToTune { get; set; } = 50;

    /// <summary>Gets or sets the most examples (the most recent) tuning runs on; its work grows with their square.
    /// Default 2,000.</summary>
    public int MaximumTuningExamples { get; set; } = 2_000;
}
