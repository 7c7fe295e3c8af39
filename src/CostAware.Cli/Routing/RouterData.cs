using Microsoft.Extensions.AI;

namespace CostAware.Cli.Routing;

/// <summary>One recorded model call: what the model was sent and what it answered.</summary>
/// <param name="Messages">The request's messages.</param>
/// <param name="Response">The answer's text.</param>
internal sealed record RecordedCall(IReadOnlyList<ChatMessage> Messages, string Response);

/// <summary>What one model did on one prompt: how good its answer was and what it cost or would cost.</summary>
/// <param name="Quality">The answer's quality: 1 or 0 for a True/False label, 0 to 1 for RouterBench, the mean judge
/// score (1 to 10) for MT-Bench.</param>
/// <param name="RecordedCostUsd">What the calls cost as the data records it, or <see langword="null"/>.</param>
/// <param name="Calls">The recorded calls, to count tokens of, or <see langword="null"/> when the data holds no
/// answer text.</param>
internal sealed record ModelOutcome(double Quality, decimal? RecordedCostUsd, IReadOnlyList<RecordedCall>? Calls);

/// <summary>One labelled prompt: what the weak and the strong model did with it.</summary>
/// <param name="Location">Where the row is in the data, for messages: <c>line 12</c> or <c>question 81</c>.</param>
/// <param name="Prompt">The prompt the router sees.</param>
/// <param name="Weak">The weak model's outcome.</param>
/// <param name="Strong">The strong model's outcome.</param>
/// <param name="StrongNeeded">Whether the weak model's answer was not good enough: the label learned classifiers
/// train on.</param>
internal sealed record RouterRow(string Location, string Prompt, ModelOutcome Weak, ModelOutcome Strong, bool StrongNeeded);

/// <summary>The labelled prompts read from a data file.</summary>
internal sealed record RouterDataSet
{
    /// <summary>Gets the rows kept for scoring.</summary>
    public required IReadOnlyList<RouterRow> Rows { get; init; }

    /// <summary>Gets the rows removed because their prompt is listed in <c>contaminated_prompts.jsonl</c>.</summary>
    public required int RemovedContaminated { get; init; }

    /// <summary>Gets the rows left out for another reason (an MT-Bench question without a usable score for a turn),
    /// with the reason, for people.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Gets a value indicating whether quality is a share in [0, 1] (else a judge's score).</summary>
    public required bool QualityIsShare { get; init; }
}
