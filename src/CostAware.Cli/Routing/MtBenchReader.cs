using System.Globalization;
using System.Text.Json;
using CostAware.Cli.Output;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Routing;

/// <summary>Reads MT-Bench's GPT-4 single-answer judgments (<c>judgements.jsonl</c>) and the questions beside them
/// (<c>question.jsonl</c>) into one row per question.</summary>
/// <remarks>
/// <para>A judgment whose score is -1 (the judge's verdict could not be parsed) is dropped. A question is routed on
/// its first turn, and the quality of sending it to a model is the mean of that model's scores on both turns.</para>
/// <para>A question lacking a usable score for either model on either turn is left out and reported: scoring it on
/// one turn for one model and two for the other would compare different things, and guessing the missing score
/// would invent data.</para>
/// <para>The answers are recovered from the judge prompts (the assistant's answer on turn 1, the last assistant
/// message of the conversation on turn 2) so that calls can be priced: turn 1 sends the first question, turn 2 the
/// first question, the first answer and the second question.</para>
/// </remarks>
internal static class MtBenchReader
{
    /// <summary>The file of questions looked for beside the judgments.</summary>
    public const string QuestionFileName = "question.jsonl";

    private const string Turn1AnswerStart = "[The Start of Assistant's Answer]\n";
    private const string Turn1AnswerEnd = "\n[The End of Assistant's Answer]";
    private const string Turn2AnswerStart = "### Assistant A:\n";
    private const string Turn2ConversationEnd = "<|The End of Assistant A's Conversation with User|>";

    /// <summary>Reads the judgments of two models.</summary>
    /// <param name="file">The judgments.</param>
    /// <param name="weak">The weak model, as the judgments name it.</param>
    /// <param name="strong">The strong model, as the judgments name it.</param>
    /// <returns>One row per question with usable scores, the questions left out with why, and that quality is a
    /// judge's score rather than a share.</returns>
    /// <exception cref="CliException">A file is missing or a line cannot be read.</exception>
    public static (List<RouterRow> Rows, IReadOnlyList<string> Skipped, bool QualityIsShare) Read(FileInfo file, string weak, string strong)
    {
        ArgumentNullException.ThrowIfNull(file);
        var questionFile = new FileInfo(Path.Combine(file.DirectoryName ?? ".", QuestionFileName));
        if (!questionFile.Exists)
        {
            throw new CliException($"MT-Bench judgments need the questions beside them: '{questionFile.FullName}' does not exist.");
        }

        var questions = ReadQuestions(questionFile);
        var judgments = ReadJudgments(file, questions, out var models);
        foreach (string model in new[] { weak, strong })
        {
            if (!models.Contains(model))
            {
                throw new CliException(
                    $"'{file.FullName}' has no judgment of '{model}'; models judged: {string.Join(", ", models.Order(StringComparer.Ordinal))}.");
            }
        }

        var rows = new List<RouterRow>();
        var skipped = new List<string>();
        foreach (var question in questions.Values.OrderBy(static q => q.Line))
        {
            var missing = new List<string>();
            var outcomes = new ModelOutcome[2];
            string[] pair = [weak, strong];
            for (int m = 0; m < pair.Length; m++)
            {
                var turn1 = judgments.GetValueOrDefault((question.Id, pair[m], 1));
                var turn2 = judgments.GetValueOrDefault((question.Id, pair[m], 2));
                if (turn1 is null || turn2 is null)
                {
                    missing.Add($"{pair[m]} on turn {(turn1 is null ? 1 : 2)}");
                    continue;
                }

                RecordedCall[]? calls = turn1.Answer is { } a1 && turn2.Answer is { } a2 && question.Turns.Count >= 2
                    ?
                    [
                        new RecordedCall([new ChatMessage(ChatRole.User, question.Turns[0])], a1),
                        new RecordedCall(
                            [
                                new ChatMessage(ChatRole.User, question.Turns[0]),
                                new ChatMessage(ChatRole.Assistant, a1),
                                new ChatMessage(ChatRole.User, question.Turns[1]),
                            ],
                            a2),
                    ]
                    : null;
                outcomes[m] = new ModelOutcome((turn1.Score + turn2.Score) / 2d, null, calls);
            }

            if (missing.Count > 0)
            {
                skipped.Add(string.Create(CultureInfo.InvariantCulture, $"question {question.Id}: no usable score for {string.Join(" and ", missing)}"));
                continue;
            }

            rows.Add(new RouterRow(
                string.Create(CultureInfo.InvariantCulture, $"question {question.Id}"),
                question.Turns[0],
                outcomes[0],
                outcomes[1],
                outcomes[0].Quality < outcomes[1].Quality));
        }

        if (rows.Count == 0)
        {
            throw new CliException($"'{file.FullName}' has no question with usable scores for both '{weak}' and '{strong}' on both turns.");
        }

        return (rows, skipped, false);
    }

    private static Dictionary<int, Question> ReadQuestions(FileInfo file)
    {
        var questions = new Dictionary<int, Question>();
        var errors = new List<string>();
        string[] lines = InputFiles.ReadLines(file);
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            string? problem = ParseLine(lines[i], root =>
            {
                if (!TryGetInt(root, "question_id", out int id))
                {
                    return "expected an integer 'question_id'";
                }

                if (!root.TryGetProperty("turns", out var turns) || turns.ValueKind != JsonValueKind.Array || turns.GetArrayLength() == 0
                    || turns.EnumerateArray().Any(static t => t.ValueKind != JsonValueKind.String))
                {
                    return "expected 'turns', an array of one or more strings";
                }

                string[] texts = [.. turns.EnumerateArray().Select(static t => t.GetString()!)];
                if (string.IsNullOrWhiteSpace(texts[0]))
                {
                    return "the first turn is empty";
                }

                if (questions.TryGetValue(id, out var earlier))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"question {id} is already defined on line {earlier.Line}");
                }

                questions[id] = new Question(id, i + 1, texts);
                return null;
            });
            if (problem is not null)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {i + 1}: {problem}"));
            }
        }

        RouterDataReader.ThrowIfAny(file, errors);
        return questions;
    }

    private static Dictionary<(int Question, string Model, int Turn), Judgment> ReadJudgments(
        FileInfo file, Dictionary<int, Question> questions, out HashSet<string> models)
    {
        var judgments = new Dictionary<(int, string, int), Judgment>();
        var judged = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        string[] lines = InputFiles.ReadLines(file);
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            int line = i + 1;
            string? problem = ParseLine(lines[i], root =>
            {
                if (!TryGetInt(root, "question_id", out int id))
                {
                    return "expected an integer 'question_id'";
                }

                if (!root.TryGetProperty("model", out var modelElement) || modelElement.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(modelElement.GetString()))
                {
                    return "expected a string 'model'";
                }

                if (!TryGetInt(root, "turn", out int turn) || turn is not (1 or 2))
                {
                    return "expected 'turn' to be 1 or 2";
                }

                if (!root.TryGetProperty("score", out var scoreElement) || scoreElement.ValueKind != JsonValueKind.Number
                    || !scoreElement.TryGetDouble(out double score)
                    || !(score == -1d || score is >= 0d and <= 10d))
                {
                    return "expected 'score' to be a number from 0 to 10, or -1 when the judge's verdict could not be parsed";
                }

                if (!questions.ContainsKey(id))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"question {id} is not in {QuestionFileName}");
                }

                string model = modelElement.GetString()!;
                judged.Add(model);
                if (score == -1d)
                {
                    return null;
                }

                if (judgments.TryGetValue((id, model, turn), out var earlier))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"question {id} turn {turn} of '{model}' is already judged on line {earlier.Line}");
                }

                string? prompt = root.TryGetProperty("user_prompt", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                judgments[(id, model, turn)] = new Judgment(line, score, ExtractAnswer(prompt, turn));
                return null;
            });
            if (problem is not null)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}: {problem}"));
            }
        }

        RouterDataReader.ThrowIfAny(file, errors);
        models = judged;
        return judgments;
    }

    // Parses one JSON line and hands its object to a reader; returns what is wrong, or null.
    private static string? ParseLine(string line, Func<JsonElement, string?> read)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? read(document.RootElement)
                : "expected a JSON object";
        }
        catch (JsonException ex)
        {
            return JsonText.DescribeSyntaxError(ex);
        }
    }

    private static bool TryGetInt(JsonElement root, string name, out int value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    // The answer the judge saw: between the answer markers on turn 1, the last assistant message on turn 2.
    private static string? ExtractAnswer(string? judgePrompt, int turn)
    {
        if (judgePrompt is null)
        {
            return null;
        }

        if (turn == 1)
        {
            int start = judgePrompt.IndexOf(Turn1AnswerStart, StringComparison.Ordinal);
            int end = judgePrompt.LastIndexOf(Turn1AnswerEnd, StringComparison.Ordinal);
            return start >= 0 && end >= start + Turn1AnswerStart.Length
                ? judgePrompt[(start + Turn1AnswerStart.Length)..end].Trim()
                : null;
        }

        int conversationEnd = judgePrompt.LastIndexOf(Turn2ConversationEnd, StringComparison.Ordinal);
        int last = conversationEnd < 0 ? -1 : judgePrompt.LastIndexOf(Turn2AnswerStart, conversationEnd, StringComparison.Ordinal);
        return last >= 0 ? judgePrompt[(last + Turn2AnswerStart.Length)..conversationEnd].Trim() : null;
    }

    private sealed record Question(int Id, int Line, IReadOnlyList<string> Turns);

    private sealed record Judgment(int Line, double Score, string? Answer);
}
