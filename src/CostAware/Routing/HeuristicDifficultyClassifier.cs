using System.Buffers;

namespace CostAware;

/// <summary>A difficulty classifier that reads free features of the request (length, quantities, reasoning and code
/// cues, constraints, tools, conversation depth, requested output format) and makes no model call.</summary>
/// <remarks>
/// <para>All cue phrases are found in one vectorized pass over the prompt, so a 2,000-token prompt is scored in a few
/// microseconds without allocating. A cue counts where it starts a word, so inflections count too ("derive" in
/// "derived"). The score is the logistic function of the weighted features
/// (<see cref="HeuristicDifficultyOptions"/>).</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class HeuristicDifficultyClassifier : IDifficultyClassifier
{
    private enum Cue : byte
    {
        Reasoning,
        Steps,
        Code,
        Constraint,
        Simple,
    }

    private static readonly (string Phrase, Cue Cue)[] s_cues =
    [
        ("step by step", Cue.Reasoning), ("prove", Cue.Reasoning), ("proof", Cue.Reasoning), ("derive", Cue.Reasoning),
        ("explain why", Cue.Reasoning), ("explain how", Cue.Reasoning), ("analyze", Cue.Reasoning), ("analyse", Cue.Reasoning),
        ("compare", Cue.Reasoning), ("evaluate", Cue.Reasoning), ("justify", Cue.Reasoning), ("trade-off", Cue.Reasoning),
        ("tradeoff", Cue.Reasoning), ("reasoning", Cue.Reasoning), ("optimize", Cue.Reasoning), ("optimise", Cue.Reasoning),
        ("design", Cue.Reasoning), ("debug", Cue.Reasoning), ("algorithm", Cue.Reasoning), ("complexity", Cue.Reasoning),
        ("strategy", Cue.Reasoning), ("critique", Cue.Reasoning), ("implications", Cue.Reasoning), ("hypothes", Cue.Reasoning),
        ("why ", Cue.Reasoning), ("imagine", Cue.Reasoning), ("pros and cons", Cue.Reasoning),

        ("then", Cue.Steps), ("after", Cue.Steps), ("each", Cue.Steps), ("per ", Cue.Steps), ("every", Cue.Steps),
        ("percent", Cue.Steps), ("%", Cue.Steps), ("twice", Cue.Steps), ("half", Cue.Steps), ("remaining", Cue.Steps),
        ("how many", Cue.Steps), ("how much", Cue.Steps), ("total", Cue.Steps), ("average", Cue.Steps), ("ratio", Cue.Steps),
        ("times", Cue.Steps), ("fraction", Cue.Steps), ("probability", Cue.Steps), ("equation", Cue.Steps), ("solve", Cue.Steps),
        ("calculate", Cue.Steps), ("compute", Cue.Steps), ("integral", Cue.Steps), ("derivative", Cue.Steps), ("finally", Cue.Steps),
        ("instead", Cue.Steps), ("more than", Cue.Steps), ("less than", Cue.Steps), ("rest of", Cue.Steps), ("left", Cue.Steps),

        ("```", Cue.Code), ("def ", Cue.Code), ("class ", Cue.Code), ("function", Cue.Code), ("return ", Cue.Code),
        ("#include", Cue.Code), ("public static", Cue.Code), ("select ", Cue.Code), ("import ", Cue.Code), ("=>", Cue.Code),
        ("console.", Cue.Code), ("print(", Cue.Code), ("stack trace", Cue.Code), ("exception", Cue.Code), ("compile", Cue.Code),
        ("regex", Cue.Code), ("sql", Cue.Code), ("python", Cue.Code), ("javascript", Cue.Code), ("typescript", Cue.Code),
        ("c++", Cue.Code), ("c#", Cue.Code), ("rust", Cue.Code), ("html", Cue.Code), ("code", Cue.Code),

        ("must", Cue.Constraint), ("should", Cue.Constraint), ("at least", Cue.Constraint), ("at most", Cue.Constraint),
        ("exactly", Cue.Constraint), ("no more than", Cue.Constraint), ("fewer than", Cue.Constraint), ("without", Cue.Constraint),
        ("do not", Cue.Constraint), ("don't", Cue.Constraint), ("only", Cue.Constraint), ("ensure", Cue.Constraint),
        ("make sure", Cue.Constraint), ("limit", Cue.Constraint), ("words", Cue.Constraint), ("avoid", Cue.Constraint),
        ("include", Cue.Constraint), ("format", Cue.Constraint), ("start every", Cue.Constraint), ("end with", Cue.Constraint),

        ("translate", Cue.Simple), ("summarize", Cue.Simple), ("summarise", Cue.Simple), ("rewrite", Cue.Simple),
        ("rephrase", Cue.Simple), ("hello", Cue.Simple), ("thank", Cue.Simple), ("what is the capital", Cue.Simple),
        ("define ", Cue.Simple), ("spell", Cue.Simple), ("typo", Cue.Simple), ("tl;dr", Cue.Simple), ("classify", Cue.Simple),
        ("sentiment", Cue.Simple), ("yes or no", Cue.Simple), ("greet", Cue.Simple),
    ];

    private static readonly SearchValues<string> s_phrases =
        SearchValues.Create([.. s_cues.Select(static c => c.Phrase)], StringComparison.OrdinalIgnoreCase);

    // Cues by their first character (lower case ASCII), longest first, to tell which phrase matched.
    private static readonly (string Phrase, Cue Cue)[][] s_byFirstChar = BuildIndex();

    private readonly HeuristicDifficultyOptions _weights;

    /// <summary>Initializes a new instance of the <see cref="HeuristicDifficultyClassifier"/> class.</summary>
    /// <param name="options">The weights; the defaults when <see langword="null"/>. They are copied, so later changes
    /// to the instance have no effect.</param>
    public HeuristicDifficultyClassifier(HeuristicDifficultyOptions? options = null)
    {
        var source = options ?? new HeuristicDifficultyOptions();
        _weights = source.Clone();
        foreach (var property in typeof(HeuristicDifficultyOptions).GetProperties())
        {
            double value = (double)property.GetValue(_weights)!;
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(options), value, $"{nameof(HeuristicDifficultyOptions)}.{property.Name} must be a finite number.");
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<double> ScoreAsync(DifficultyContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Score(context));

    /// <summary>Scores a request synchronously.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The score, in (0, 1).</returns>
    public double Score(DifficultyContext context)
    {
        var f = GetFeatures(context);
        var w = _weights;
        double z = w.Bias
            + (w.Length * Math.Log2(1 + (f.Characters / 200.0)))
            + (w.Numbers * Math.Log2(1 + f.Numbers))
            + (w.Reasoning * Math.Min(f.ReasoningCues, 5))
            + (w.Steps * Math.Log2(1 + f.StepCues))
            + (w.Code * Math.Min(f.CodeCues, 3))
            + (w.Constraints * Math.Log2(1 + f.Constraints))
            + (w.SimpleTask * Math.Min(f.SimpleTaskCues, 2))
            + (w.Questions * Math.Min(f.Questions, 3))
            + (w.Lines * Math.Log2(1 + f.Lines))
            + (w.Tools * Math.Min(f.Tools, 5))
            + (w.ConversationDepth * Math.Log2(Math.Max(f.UserTurns, 1)))
            + (f.RequestsJson ? w.StructuredOutput : 0);
        return 1.0 / (1.0 + Math.Exp(-z));
    }

    /// <summary>Reads the features of a request, before weighting.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The features.</returns>
    public static HeuristicDifficultyFeatures GetFeatures(DifficultyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ReadOnlySpan<char> text = context.Prompt;
        Span<int> counts = stackalloc int[5];
        CountCues(text, counts);
        return new HeuristicDifficultyFeatures(
            Characters: text.Length,
            Numbers: CountNumbers(text),
            ReasoningCues: counts[(int)Cue.Reasoning],
            StepCues: counts[(int)Cue.Steps],
            CodeCues: counts[(int)Cue.Code],
            Constraints: counts[(int)Cue.Constraint],
            SimpleTaskCues: counts[(int)Cue.Simple],
            Questions: text.Count('?'),
            Lines: text.Count('\n'),
            Tools: context.ToolCount,
            UserTurns: context.UserTurns,
            RequestsJson: context.RequestsJson);
    }

    private static void CountCues(ReadOnlySpan<char> text, Span<int> counts)
    {
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOfAny(s_phrases);
            if (found < 0)
            {
                return;
            }

            position += found;
            var rest = text[position..];
            int length = 1;
            char first = char.ToLowerInvariant(rest[0]);
            if (first < 128 && (position == 0 || !char.IsLetter(text[position - 1]) || !char.IsLetter(first)))
            {
                foreach (var (phrase, cue) in s_byFirstChar[first])
                {
                    if (rest.StartsWith(phrase, StringComparison.OrdinalIgnoreCase))
                    {
                        counts[(int)cue]++;
                        length = phrase.Length;
                        break;
                    }
                }
            }

            position += length;
        }
    }

    private static int CountNumbers(ReadOnlySpan<char> text)
    {
        int numbers = 0;
        while (true)
        {
            int start = text.IndexOfAnyInRange('0', '9');
            if (start < 0)
            {
                return numbers;
            }

            numbers++;
            text = text[start..];
            int end = text.IndexOfAnyExcept(s_numberChars);
            if (end < 0)
            {
                return numbers;
            }

            text = text[end..];
        }
    }

    private static readonly SearchValues<char> s_numberChars = SearchValues.Create("0123456789.,");

    private static (string Phrase, Cue Cue)[][] BuildIndex()
    {
        var index = new (string, Cue)[128][];
        for (int c = 0; c < index.Length; c++)
        {
            index[c] = [.. s_cues.Where(x => char.ToLowerInvariant(x.Phrase[0]) == c).OrderByDescending(static x => x.Phrase.Length)];
        }

        return index;
    }
}
