namespace CostAware;

/// <summary>Options of <see cref="ModelDifficultyClassifier"/>.</summary>
public sealed class ModelDifficultyOptions
{
    /// <summary>The default instructions.</summary>
    public const string DefaultInstructions =
        "You rate how hard a request is for an AI assistant to answer well, on a scale from 1 (trivial: a greeting, a lookup, a rewrite) to 10 (expert: multi-step reasoning, proofs, complex code). Reply with the number only.";

    /// <summary>Gets or sets the system instructions of the rating call.</summary>
    public string Instructions { get; set; } = DefaultInstructions;

    /// <summary>Gets or sets the model of the rating call; the rater client's default when <see langword="null"/>.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the output limit of the rating call. Default 16 tokens (some APIs refuse fewer); a
    /// reasoning model needs room for its reasoning too. A reply cut off by the limit counts as unparsed.</summary>
    public int MaxOutputTokens { get; set; } = 16;

    /// <summary>Gets or sets the score when the reply holds no rating from 1 to 10. Default 1.</summary>
    public double ScoreWhenUnparsed { get; set; } = 1.0;
}
