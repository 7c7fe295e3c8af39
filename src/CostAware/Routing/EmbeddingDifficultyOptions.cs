using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Options of <see cref="EmbeddingDifficultyClassifier"/>.</summary>
public sealed class EmbeddingDifficultyOptions
{
    /// <summary>Gets or sets how many nearest labelled examples vote on a score. Default 10.</summary>
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
}
