using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CostAware;

/// <summary>A difficulty classifier that reads free features of the request (length, quantities, reasoning and code
/// cues, constraints, tools, conversation depth, requested output format) and makes no model call.</summary>
/// <remarks>
/// <para>All cue phrases and numbers are found in one pass over the prompt (at most 1,280 of its characters, see
/// <see cref="GetFeatures"/>), so a prompt of any length is scored in a few microseconds without allocating. A cue counts where it starts a word, so inflections count too ("derive" in
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

    // Cues that start a word, in lower case, by their first three characters (26 letters x 27 x 27, where 26 stands for
    // anything but a letter), longest first.
    private static readonly (string Phrase, Cue Cue)[]?[] s_byPrefix = BuildPrefixIndex();

    // Cues that start with a symbol, found wherever they are.
    private static readonly (string Phrase, Cue Cue)[] s_symbolCues = [.. s_cues.Where(static c => !char.IsAsciiLetter(c.Phrase[0]))];

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
    /// <remarks>A prompt longer than 1,280 characters is read at its two ends, the first 1,024 and the last 256
    /// characters: instructions and the question sit there, the counts saturate anyway, and the cost stays flat however
    /// long the prompt is. The length feature is the whole prompt's.</remarks>
    public static HeuristicDifficultyFeatures GetFeatures(DifficultyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ReadOnlySpan<char> text = context.Prompt;
        Span<int> counts = stackalloc int[5];
        bool whole = text.Length <= HeadCharacters + TailCharacters;
        ReadOnlySpan<char> head = whole ? text : text[..HeadCharacters], tail = whole ? default : text[^TailCharacters..];
        int numbers = Scan(head, counts) + Scan(tail, counts);
        return new HeuristicDifficultyFeatures(
            Characters: text.Length,
            Numbers: numbers,
            ReasoningCues: counts[(int)Cue.Reasoning],
            StepCues: counts[(int)Cue.Steps],
            CodeCues: counts[(int)Cue.Code],
            Constraints: counts[(int)Cue.Constraint],
            SimpleTaskCues: counts[(int)Cue.Simple],
            Questions: head.Count('?') + tail.Count('?'),
            Lines: head.Count('\n') + tail.Count('\n'),
            Tools: context.ToolCount,
            UserTurns: context.UserTurns,
            RequestsJson: context.RequestsJson);
    }

    private const int HeadCharacters = 1024;
    private const int TailCharacters = 256;

    // One pass over the text: cue phrases where a word starts (looked up by its first three characters), cue phrases
    // that start with a symbol, and runs of digits ("2.50" and "1,000" are one number each). Returns the numbers.
    // Thirty-two characters at a time, vector compares find the candidate positions (word starts, digits, symbols) and
    // only those are looked at one by one; a block holding non-ASCII characters, and the tail, go character by
    // character. Both paths apply the same per-position rules, so they count the same.
    internal static int Scan(ReadOnlySpan<char> text, Span<int> counts)
    {
        int numbers = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // 32 characters at a time, narrowed to bytes once they are known to be ASCII.
            ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            var ascii = Vector256.Create((ushort)0x7F);
            var lowerCaseBit = Vector256.Create((byte)0x20);
            var a = Vector256.Create((byte)'a');
            var letterSpan = Vector256.Create((byte)('z' - 'a'));
            var zero = Vector256.Create((byte)'0');
            var nine = Vector256.Create((byte)9);
            var backtick = Vector256.Create((byte)'`');
            var percent = Vector256.Create((byte)'%');
            var equals = Vector256.Create((byte)'=');
            var hash = Vector256.Create((byte)'#');
            const int Block = 32;
            for (; i + Block <= text.Length; i += Block)
            {
                var low = Vector256.LoadUnsafe(ref start, (nuint)i);
                var high = Vector256.LoadUnsafe(ref start, (nuint)(i + 16));
                if (Vector256.GreaterThanAny(low | high, ascii))
                {
                    for (int j = i; j < i + Block; j++)
                    {
                        numbers += ScanAt(text, j, counts);
                    }

                    continue;
                }

                var v = Vector256.Narrow(low, high);
                uint letters = Vector256.LessThanOrEqual((v | lowerCaseBit) - a, letterSpan).ExtractMostSignificantBits();
                uint digits = Vector256.LessThanOrEqual(v - zero, nine).ExtractMostSignificantBits();
                uint symbols = (Vector256.Equals(v, backtick) | Vector256.Equals(v, percent) | Vector256.Equals(v, equals) | Vector256.Equals(v, hash)).ExtractMostSignificantBits();
                uint previousLetter = (letters << 1) | (i > 0 && IsLetter(text[i - 1]) ? 1u : 0u);
                uint previousDigit = (digits << 1) | (i > 0 && char.IsAsciiDigit(text[i - 1]) ? 1u : 0u);
                for (uint words = letters & ~previousLetter; words != 0; words &= words - 1)
                {
                    WordAt(text, i + BitOperations.TrailingZeroCount(words), counts);
                }

                for (uint starts = digits & ~previousDigit; starts != 0; starts &= starts - 1)
                {
                    numbers += NumberAt(text, i + BitOperations.TrailingZeroCount(starts));
                }

                for (; symbols != 0; symbols &= symbols - 1)
                {
                    Match(text[(i + BitOperations.TrailingZeroCount(symbols))..], s_symbolCues, counts);
                }
            }
        }

        for (; i < text.Length; i++)
        {
            numbers += ScanAt(text, i, counts);
        }

        return numbers;
    }

    // The same count, one character at a time, to check the vector path against.
    internal static int ScanEachCharacter(ReadOnlySpan<char> text, Span<int> counts)
    {
        int numbers = 0;
        for (int i = 0; i < text.Length; i++)
        {
            numbers += ScanAt(text, i, counts);
        }

        return numbers;
    }

    // Counts what starts at one position; returns 1 when a number starts there.
    private static int ScanAt(ReadOnlySpan<char> text, int at, Span<int> counts)
    {
        char c = text[at];
        if ((uint)((c | 0x20) - 'a') <= 'z' - 'a')
        {
            if (at == 0 || !IsLetter(text[at - 1]))
            {
                WordAt(text, at, counts);
            }

            return 0;
        }

        if (char.IsAsciiDigit(c))
        {
            return at > 0 && char.IsAsciiDigit(text[at - 1]) ? 0 : NumberAt(text, at);
        }

        if (c is '`' or '%' or '=' or '#')
        {
            Match(text[at..], s_symbolCues, counts);
        }

        return 0;
    }

    // An ASCII letter that starts a word: the cue phrases sharing its first three characters are compared.
    private static void WordAt(ReadOnlySpan<char> text, int at, Span<int> counts)
    {
        uint lower = (uint)((text[at] | 0x20) - 'a');
        if (s_byPrefix[(((lower * 27) + LetterIndex(text, at + 1)) * 27) + LetterIndex(text, at + 2)] is { } candidates)
        {
            Match(text[at..], candidates, counts);
        }
    }

    // A digit not preceded by a digit: a new number unless it continues one across "." or "," (2.50, 1,000).
    private static int NumberAt(ReadOnlySpan<char> text, int at) =>
        at > 1 && text[at - 1] is '.' or ',' && char.IsAsciiDigit(text[at - 2]) ? 0 : 1;

    private static bool IsLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (c >= 128 && char.IsLetter(c));

    private static void Match(ReadOnlySpan<char> rest, (string Phrase, Cue Cue)[] candidates, Span<int> counts)
    {
        foreach (var (phrase, cue) in candidates)
        {
            if (StartsWithLower(rest, phrase))
            {
                counts[(int)cue]++;
                return;
            }
        }
    }

    // Case-insensitive for ASCII letters: the phrases are lower case, and every other character they hold (space,
    // digits, ' - ; + # ( . % = > `) already has the 0x20 bit set, so OR-ing it into the text's character leaves those
    // unchanged and lower-cases letters.
    private static bool StartsWithLower(ReadOnlySpan<char> text, string phrase)
    {
        if (text.Length < phrase.Length)
        {
            return false;
        }

        for (int i = 0; i < phrase.Length; i++)
        {
            if ((char)(text[i] | 0x20) != phrase[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int LetterIndex(ReadOnlySpan<char> text, int at)
    {
        if (at >= text.Length)
        {
            return 26;
        }

        uint lower = (uint)((text[at] | 0x20) - 'a');
        return lower <= 'z' - 'a' ? (int)lower : 26;
    }

    private static (string Phrase, Cue Cue)[]?[] BuildPrefixIndex()
    {
        var buckets = new List<(string, Cue)>?[26 * 27 * 27];
        foreach (var cue in s_cues.Where(static c => char.IsAsciiLetter(c.Phrase[0])))
        {
            int first = cue.Phrase[0] - 'a';
            int second = Index(cue.Phrase, 1);
            int[] thirds = cue.Phrase.Length > 2 ? [Index(cue.Phrase, 2)] : [.. Enumerable.Range(0, 27)];
            foreach (int third in thirds)
            {
                (buckets[(((first * 27) + second) * 27) + third] ??= []).Add(cue);
            }
        }

        return [.. buckets.Select(static b => b is null ? null : b.OrderByDescending(static c => c.Item1.Length).ToArray())];

        static int Index(string phrase, int at) => char.IsAsciiLetterLower(phrase[at]) ? phrase[at] - 'a' : 26;
    }
}
