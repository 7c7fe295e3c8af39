using System.Globalization;
using System.Text.RegularExpressions;

namespace CostAware;

/// <summary>Reads a judge's reply: exactly one line <c>VERDICT: PASS</c> or <c>VERDICT: FAIL</c> and at most one line
/// <c>SCORE: x</c> with x in [0, 1]; other lines are ignored, anything else about these two is unparseable.</summary>
internal static partial class VerifierVerdictParser
{
    /// <summary>Parses a judge's reply.</summary>
    /// <param name="reply">The reply's text.</param>
    /// <param name="passed">Whether the judge passed the answer.</param>
    /// <param name="score">The judge's score, or 1 for a pass and 0 for a fail when it gave none.</param>
    /// <param name="error">Why the reply could not be parsed.</param>
    /// <returns>Whether the reply could be parsed.</returns>
    public static bool TryParse(string reply, out bool passed, out double score, out string? error)
    {
        passed = false;
        score = 0d;
        error = null;
        string[] lines = reply.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        var verdicts = lines.Select(line => VerdictLine().Match(line)).Where(m => m.Success).ToArray();
        if (verdicts.Length != 1)
        {
            error = verdicts.Length == 0
                ? "The judge's reply has no \"VERDICT: PASS\" or \"VERDICT: FAIL\" line."
                : $"The judge's reply has {verdicts.Length} verdict lines; exactly one is expected.";
            return false;
        }

        passed = verdicts[0].Groups["verdict"].Value == "PASS";
        var scores = lines.Where(line => line.StartsWith("SCORE:", StringComparison.Ordinal)).ToArray();
        if (scores.Length == 0)
        {
            score = passed ? 1d : 0d;
            return true;
        }

        var match = scores.Length == 1 ? ScoreLine().Match(scores[0]) : Match.Empty;
        if (!match.Success
            || !double.TryParse(match.Groups["score"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out score)
            || score > 1d)
        {
            error = "The judge's reply has a SCORE line that is not one number in [0, 1].";
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^VERDICT:\s*(?<verdict>PASS|FAIL)\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex VerdictLine();

    [GeneratedRegex(@"^SCORE:\s*(?<score>\d+(?:\.\d+)?|\.\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScoreLine();
}
