using System.Text.RegularExpressions;

namespace CostAware.Cli.Cascade;

/// <summary>The validators <c>eval-cascade</c> can run on recorded text, by the names <c>--validator</c> takes.</summary>
internal static class CascadeValidators
{
    /// <summary>Rejects refusing or hedging answers.</summary>
    public const string Refusal = "refusal";

    /// <summary>Rejects answers that state no final number the way GSM8K expects.</summary>
    public const string FinalNumber = "final-number";

    /// <summary>Rejects answers cut off at the output token limit; needs a recorded finish reason.</summary>
    public const string Truncation = "truncation";

    /// <summary>The prefix of a validator that requires a match of a regular expression.</summary>
    public const string FormatPrefix = "format:";

    /// <summary>The names accepted, for help and errors.</summary>
    public const string Names = "refusal, final-number, truncation, format:<regex>";

    /// <summary>Creates the validators named on the command line, or the defaults when none are.</summary>
    /// <param name="names">The names given with <c>--validator</c>, in order.</param>
    /// <param name="dataFile">The data file, whose name tells whether the data is GSM8K-style.</param>
    /// <returns>The validators, by name, in the order they run.</returns>
    /// <exception cref="CliException">A name is unknown or a pattern is not a valid regular expression.</exception>
    public static IReadOnlyList<(string Name, IAnswerValidator Validator)> Create(IReadOnlyList<string> names, FileInfo dataFile)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(dataFile);
        IEnumerable<string> chosen = names.Count > 0 ? names : Defaults(dataFile);

        var validators = new List<(string, IAnswerValidator)>();
        foreach (string name in chosen.Distinct(StringComparer.Ordinal))
        {
            validators.Add((name, Create(name)));
        }

        return validators;
    }

    // Refusal suits any recorded text; the final-number format only math benchmarks in GSM8K's style, recognized by
    // the data file's name, since nothing inside RouteLLM's CSV says which benchmark it holds.
    private static IEnumerable<string> Defaults(FileInfo dataFile) =>
        dataFile.Name.Contains("gsm8k", StringComparison.OrdinalIgnoreCase) ? [Refusal, FinalNumber] : [Refusal];

    private static IAnswerValidator Create(string name)
    {
        switch (name)
        {
            case Refusal:
                return AnswerValidators.Refusal();
            case FinalNumber:
                return AnswerValidators.FinalNumber();
            case Truncation:
                return AnswerValidators.Truncation();
        }

        if (!name.StartsWith(FormatPrefix, StringComparison.Ordinal))
        {
            throw new CliException($"--validator '{name}' is unknown; use one of {Names}.");
        }

        string pattern = name[FormatPrefix.Length..];
        if (pattern.Length == 0)
        {
            throw new CliException($"--validator '{name}' has no pattern; write format:<regex>, for example 'format:^\\d+$'.");
        }

        try
        {
            return AnswerValidators.MatchesFormat(new Regex(pattern, RegexOptions.CultureInvariant), name);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--validator '{name}': the pattern is not a valid regular expression: {ex.Message}", ex);
        }
    }
}
