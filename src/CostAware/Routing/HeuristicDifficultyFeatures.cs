namespace CostAware;

/// <summary>The free features <see cref="HeuristicDifficultyClassifier"/> reads from a request, before weighting.</summary>
/// <param name="Characters">The prompt's length in characters.</param>
/// <param name="Numbers">The runs of digits in the prompt.</param>
/// <param name="ReasoningCues">Reasoning cues found.</param>
/// <param name="StepCues">Multi-step and quantity cues found.</param>
/// <param name="CodeCues">Code cues found.</param>
/// <param name="Constraints">Constraint phrases found.</param>
/// <param name="SimpleTaskCues">Simple-task cues found.</param>
/// <param name="Questions">Question marks in the prompt.</param>
/// <param name="Lines">Line breaks in the prompt.</param>
/// <param name="Tools">Tools the request offers.</param>
/// <param name="UserTurns">User messages in the conversation.</param>
/// <param name="RequestsJson">Whether JSON output is requested.</param>
public readonly record struct HeuristicDifficultyFeatures(
    int Characters,
    int Numbers,
    int ReasoningCues,
    int StepCues,
    int CodeCues,
    int Constraints,
    int SimpleTaskCues,
    int Questions,
    int Lines,
    int Tools,
    int UserTurns,
    bool RequestsJson);
