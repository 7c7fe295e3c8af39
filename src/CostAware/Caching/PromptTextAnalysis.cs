using System.Security.Cryptography;
using System.Text;

namespace CostAware;

/// <summary>A text of a prompt split into its stable lines and its volatile lines, with token counts and a hash;
/// computed once per text instance and route.</summary>
internal sealed class PromptTextAnalysis
{
    private PromptTextAnalysis(string route, int learnedVersion)
    {
        Route = route;
        LearnedVersion = learnedVersion;
    }

    public string Route { get; }

    public int LearnedVersion { get; }

    public bool Matches(string route, int learnedVersion) =>
        LearnedVersion == learnedVersion && string.Equals(Route, route, StringComparison.Ordinal);

    private string _text = string.Empty;
    private ITokenCounter? _counter;
    private int _tokenCount = -1;

    /// <summary>Gets the tokens of the whole text; counted on first use, as reordering only needs the stable part.</summary>
    public int TokenCount
    {
        get
        {
            if (_tokenCount < 0)
            {
                _tokenCount = _counter!.CountTokens(_text);
            }

            return _tokenCount;
        }
    }

    /// <summary>Gets the text without its volatile lines (the original text when there are none).</summary>
    public string StableText { get; private set; } = string.Empty;

    /// <summary>Gets the volatile lines, joined by new lines, or <see langword="null"/>.</summary>
    public string? VolatileText { get; private set; }

    public int StableTokenCount { get; private set; }

    public IReadOnlyList<(VolatileSpan Span, int TokenOffset)> Spans { get; private set; } = [];

    public byte[] StableHash { get; private set; } = [];

    public static PromptTextAnalysis Create(string text, string route, int learnedVersion, VolatileContentDetector detector, ITokenCounter counter)
    {
        var analysis = new PromptTextAnalysis(route, learnedVersion) { _text = text, _counter = counter };
        var spans = detector.Detect(text, route);
        if (spans.Count == 0)
        {
            analysis.StableText = text;
            analysis._tokenCount = counter.CountTokens(text);
            analysis.StableTokenCount = analysis._tokenCount;
            analysis.StableHash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            return analysis;
        }

        var stable = new StringBuilder(text.Length);
        var volatileLines = new StringBuilder();
        var withOffsets = new List<(VolatileSpan, int)>(spans.Count);
        int spanIndex = 0;
        int lineStart = 0;
        while (lineStart <= text.Length)
        {
            int newline = text.IndexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.Length : newline;
            bool isVolatile = false;
            while (spanIndex < spans.Count && spans[spanIndex].Start < lineEnd + 1 && spans[spanIndex].Start >= lineStart)
            {
                var span = spans[spanIndex++];
                withOffsets.Add((span, counter.CountTokens(text[..span.Start])));
                isVolatile = true;
            }

            var target = isVolatile ? volatileLines : stable;
            if (target.Length > 0)
            {
                target.Append('\n');
            }

            target.Append(text, lineStart, lineEnd - lineStart);
            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        analysis.StableText = stable.ToString();
        analysis.VolatileText = volatileLines.ToString();
        analysis.StableTokenCount = counter.CountTokens(analysis.StableText);
        analysis.Spans = withOffsets;
        analysis.StableHash = SHA256.HashData(Encoding.UTF8.GetBytes(analysis.StableText));
        return analysis;
    }
}
