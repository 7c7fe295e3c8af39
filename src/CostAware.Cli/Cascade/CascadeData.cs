using Microsoft.Extensions.AI;

namespace CostAware.Cli.Cascade;

/// <summary>One model's recorded answer to one prompt.</summary>
/// <param name="Text">The answer's text.</param>
/// <param name="Quality">How good the answer is, in [0, 1]: 1 or 0 for a True/False correctness label.</param>
/// <param name="RecordedCost">What the call cost as recorded in the data, in US dollars, or <see langword="null"/>
/// when the data records no cost.</param>
/// <param name="FinishReason">Why the model stopped, when the data records it.</param>
internal sealed record RecordedAnswer(string Text, double Quality, decimal? RecordedCost, ChatFinishReason? FinishReason);

/// <summary>One prompt and every tier's recorded answer to it.</summary>
/// <param name="Line">The line of the data file the row starts on.</param>
/// <param name="Prompt">The prompt.</param>
/// <param name="Answers">The answers, one per tier, cheapest first.</param>
internal sealed record CascadeRow(int Line, string Prompt, IReadOnlyList<RecordedAnswer> Answers);

/// <summary>The rows read from a data file, and what could not be read.</summary>
/// <param name="Rows">The rows that were read.</param>
/// <param name="Errors">One message per unreadable row, naming its line.</param>
/// <param name="HasRecordedCost">Per tier, whether the data records each call's cost.</param>
/// <param name="HasFinishReason">Per tier, whether the data records each answer's finish reason.</param>
internal sealed record CascadeData(
    IReadOnlyList<CascadeRow> Rows,
    IReadOnlyList<string> Errors,
    IReadOnlyList<bool> HasRecordedCost,
    IReadOnlyList<bool> HasFinishReason);
