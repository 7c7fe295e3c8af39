using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace CostAware.Benchmarks;

/// <summary>
/// The steps of <see cref="HeuristicDifficultyClassifier.GetFeatures"/> on the router's 2,000-token prompt
/// (<see cref="RouterPrompt"/>), to show where its time goes. The classifier's cue phrases are private, so the cue scan
/// is reproduced here with a copy of them (as of the uncommitted router code): the same
/// <c>SearchValues&lt;string&gt;</c> (OrdinalIgnoreCase) and the same restart-after-each-hit loop, and the same
/// loop over phrase sets without the one-character phrase <c>%</c> (counted with <c>Count('%')</c> instead) and
/// without the two-character ones, which change the algorithm <c>SearchValues</c> picks (printed in setup).
/// </summary>
[MemoryDiagnoser]
public class RouterPartsBenchmarks
{
    private static readonly string[] s_phrases =
    [
        "step by step", "prove", "proof", "derive", "explain why", "explain how", "analyze", "analyse", "compare",
        "evaluate", "justify", "trade-off", "tradeoff", "reasoning", "optimize", "optimise", "design", "debug",
        "algorithm", "complexity", "strategy", "critique", "implications", "hypothes", "why ", "imagine",
        "pros and cons", "then", "after", "each", "per ", "every", "percent", "%", "twice", "half", "remaining",
        "how many", "how much", "total", "average", "ratio", "times", "fraction", "probability", "equation", "solve",
        "calculate", "compute", "integral", "derivative", "finally", "instead", "more than", "less than", "rest of",
        "left", "```", "def ", "class ", "function", "return ", "#include", "public static", "select ", "import ",
        "=>", "console.", "print(", "stack trace", "exception", "compile", "regex", "sql", "python", "javascript",
        "typescript", "c++", "c#", "rust", "html", "code", "must", "should", "at least", "at most", "exactly",
        "no more than", "fewer than", "without", "do not", "don't", "only", "ensure", "make sure", "limit", "words",
        "avoid", "include", "format", "start every", "end with", "translate", "summarize", "summarise", "rewrite",
        "rephrase", "hello", "thank", "what is the capital", "define ", "spell", "typo", "tl;dr", "classify",
        "sentiment", "yes or no", "greet",
    ];

    private static readonly SearchValues<char> s_numberChars = SearchValues.Create("0123456789.,");

    private readonly SearchValues<string> _asShipped = SearchValues.Create(s_phrases, StringComparison.OrdinalIgnoreCase);
    private readonly SearchValues<string> _noSingleChar =
        SearchValues.Create([.. s_phrases.Where(static p => p.Length > 1)], StringComparison.OrdinalIgnoreCase);
    private readonly SearchValues<string> _noShort =
        SearchValues.Create([.. s_phrases.Where(static p => p.Length > 2)], StringComparison.OrdinalIgnoreCase);
    private List<ChatMessage> _messages = null!;
    private string _prompt = null!;

    [GlobalSetup]
    public void Setup()
    {
        _prompt = RouterPrompt.Build();
        _messages = [new(ChatRole.User, _prompt)];
        Console.WriteLine(
            $"// SearchValues: as shipped {_asShipped.GetType().Name} ({s_phrases.Length} phrases), without '%' {_noSingleChar.GetType().Name}, " +
            $"without phrases under 3 characters {_noShort.GetType().Name}; hits (IndexOfAny calls) as shipped {Scan(_prompt, _asShipped)}, " +
            $"{_prompt.Length} characters, {CountNumbers(_prompt)} numbers.");
    }

    [Benchmark(Baseline = true)]
    public HeuristicDifficultyFeatures GetFeatures() => HeuristicDifficultyClassifier.GetFeatures(new DifficultyContext(_messages));

    [Benchmark]
    public int CueScan_AsShipped() => Scan(_prompt, _asShipped);

    [Benchmark]
    public int CueScan_WithoutPercentPhrase() => Scan(_prompt, _noSingleChar) + _prompt.AsSpan().Count('%');

    [Benchmark]
    public int CueScan_WithoutPhrasesUnder3Chars() => Scan(_prompt, _noShort);

    [Benchmark]
    public int CountNumbers() => CountNumbers(_prompt);

    [Benchmark]
    public int CountQuestionMarksAndLines() => _prompt.AsSpan().Count('?') + _prompt.AsSpan().Count('\n');

    // The classifier's loop: search from the current position, then step past the hit (by one character here; the
    // classifier steps by the matched phrase's length when the hit starts a word).
    private static int Scan(ReadOnlySpan<char> text, SearchValues<string> phrases)
    {
        int hits = 0;
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOfAny(phrases);
            if (found < 0)
            {
                break;
            }

            hits++;
            position += found + 1;
        }

        return hits;
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
}
