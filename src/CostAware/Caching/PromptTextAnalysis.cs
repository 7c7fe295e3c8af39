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

    public int TokenCount { get; private set; }

    /// <summary>Gets the text without its volatile lines (the original text when there are none).</summary>
    public string StableText { get; private set; } = string.Empty;

    /// <summary>Gets the volatile lines, joined by new lines, or <see langword="null"/>.</summary>
    public string? VolatileText { get; private set; }

    public int StableTokenCount { get; private set; }

    public IReadOnlyList<(VolatileSpan Span, int TokenOffset)> Spans { get; private set; } = [];

    public byte[] StableHash { get; private set; } = [];

    public static PromptTextAnalysis Create(string text, string route, int learnedVersion, VolatileContentDetector detector, ITokenCounter counter)
    {
        var analysis = new PromptTextAnalysis(route, learnedVersion) { TokenCount = counter.CountTokens(text) };
        var spans = detector.Detect(text, route);
        if (spans.Count == 0)
        {
            analysis.StableText = text;
            analysis.StableTokenCount = analysis.TokenCount;
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
