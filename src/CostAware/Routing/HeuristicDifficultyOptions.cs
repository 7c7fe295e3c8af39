namespace CostAware;

/// <summary>The weights of <see cref="HeuristicDifficultyClassifier"/>: the score is the logistic function of
/// <see cref="Bias"/> plus each feature times its weight.</summary>
/// <remarks>Only the order of scores matters once thresholds are calibrated on the user's own prompts, so the defaults
/// are deliberately plain: longer prompts, more quantities, reasoning and code cues, constraints, tools, deeper
/// conversations and structured output raise the score; cues of simple tasks (translate, summarize, greet) lower it.</remarks>
public sealed class HeuristicDifficultyOptions
{
    /// <summary>Gets or sets the constant term. Default −3.</summary>
    public double Bias { get; set; } = -3.0;

    /// <summary>Gets or sets the weight of log2(1 + characters / 200) of the prompt. Default 0.45.</summary>
    public double Length { get; set; } = 0.45;

    /// <summary>Gets or sets the weight of log2(1 + numbers in the prompt). Default 0.35.</summary>
    public double Numbers { get; set; } = 0.35;

    /// <summary>Gets or sets the weight of reasoning cues ("prove", "step by step", "explain why", "trade-off",
    /// ...), counted up to 5. Default 0.5.</summary>
    public double Reasoning { get; set; } = 0.5;

    /// <summary>Gets or sets the weight of log2(1 + multi-step and quantity cues) ("then", "each", "per",
    /// "percent", "remaining", "how many", ...). Default 0.25.</summary>
    public double Steps { get; set; } = 0.25;

    /// <summary>Gets or sets the weight of code cues (fences, keywords, stack traces), counted up to 3. Default 0.6.</summary>
    public double Code { get; set; } = 0.6;

    /// <summary>Gets or sets the weight of log2(1 + constraints) ("must", "at least", "exactly", "without", ...).
    /// Default 0.3.</summary>
    public double Constraints { get; set; } = 0.3;

    /// <summary>Gets or sets the weight of simple-task cues ("translate", "summarize", "hello", ...), counted up to
    /// 2; negative lowers the score. Default −0.8.</summary>
    public double SimpleTask { get; set; } = -0.8;

    /// <summary>Gets or sets the weight of question marks, counted up to 3. Default 0.15.</summary>
    public double Questions { get; set; } = 0.15;

    /// <summary>Gets or sets the weight of log2(1 + line breaks) of the prompt. Default 0.1.</summary>
    public double Lines { get; set; } = 0.1;

    /// <summary>Gets or sets the weight of the number of tools offered, counted up to 5. Default 0.3.</summary>
    public double Tools { get; set; } = 0.3;

    /// <summary>Gets or sets the weight of log2 of the number of user turns (0 on a first turn). Default 0.2.</summary>
    public double ConversationDepth { get; set; } = 0.2;

    /// <summary>Gets or sets the weight added when JSON output is requested. Default 0.4.</summary>
    public double StructuredOutput { get; set; } = 0.4;

    internal HeuristicDifficultyOptions Clone() => (HeuristicDifficultyOptions)MemberwiseClone();
}
