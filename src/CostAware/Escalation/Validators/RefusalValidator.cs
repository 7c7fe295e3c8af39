using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Rejects an answer that refuses or hedges ("I can't help with", "I'm unable to", "As an AI",
/// "I'm not sure", "I cannot provide", "I don't have enough information" and the like), and an answer a content
/// filter stopped (<see cref="ChatFinishReason.ContentFilter"/>).</summary>
/// <remarks>
/// <para>Phrases match case-insensitively, on word boundaries (so "I'm not surely" does not match "I'm not sure"),
/// with straight and curly apostrophes alike and any run of white space between words.</para>
/// <para>The score is 1 minus the share of the answer's sentences that contain a refusal or hedging phrase: an
/// answer of four sentences, one of which hedges, scores 0.75; an answer that only refuses scores 0. Any hit
/// rejects; the score tells a composite or a log how much of the answer was hedging. A content-filtered answer
/// scores 0.</para>
/// <para>This type is thread-safe. It makes no model call. Its reasons name the phrase found, never the answer.</para>
/// </remarks>
public sealed partial class RefusalValidator : IAnswerValidator
{
    /// <summary>The validator's name.</summary>
    public const string ValidatorName = "refusal";

    private readonly Regex? _extraPhrases;

    /// <summary>Initializes a new instance of the <see cref="RefusalValidator"/> class.</summary>
    /// <param name="extraPhrases">Phrases to reject besides the built-in ones, for example a product's own refusal
    /// wording; matched like the built-in ones.</param>
    /// <exception cref="ArgumentException">A phrase is null, empty or white space.</exception>
    public RefusalValidator(IEnumerable<string>? extraPhrases = null)
    {
        string[] phrases = extraPhrases?.ToArray() ?? [];
        for (int i = 0; i < phrases.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(phrases[i]))
            {
                throw new ArgumentException(
                    $"Refusal phrase {i} is null, empty or white space; give each extra phrase some words to match.",
                    nameof(extraPhrases));
            }
        }

        _extraPhrases = phrases.Length == 0
            ? null
            : new Regex(
                string.Join("|", phrases.Select(ToPattern)),
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    public ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Judge(context.Response));
    }

    private ValidationVerdict Judge(ChatResponse response)
    {
        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            return ValidationVerdict.Reject(Name, "A content filter stopped the answer (finish reason 'content_filter').");
        }

        string[] sentences = SentenceBreak().Split(response.Text)
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .ToArray();
        int hits = 0;
        string? firstPhrase = null;
        foreach (string sentence in sentences)
        {
            var match = BuiltInPhrases().Match(sentence);
            if (!match.Success && _extraPhrases is not null)
            {
                match = _extraPhrases.Match(sentence);
            }

            if (match.Success)
            {
                hits++;
                firstPhrase ??= match.Value;
            }
        }

        if (hits == 0)
        {
            return ValidationVerdict.Accept(Name, "The answer neither refuses nor hedges.");
        }

        double score = 1d - ((double)hits / sentences.Length);
        return ValidationVerdict.Reject(
            Name,
            $"{hits} of {sentences.Length} sentences refuse or hedge (first: \"{firstPhrase}\").",
            score);
    }

    private static string ToPattern(string phrase)
    {
        // Each word escaped, any white space between words, both apostrophes, and no word character on either side,
        // which is a word boundary that also works for phrases that begin or end with punctuation.
        var words = phrase.Replace('\u2019', '\'').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => Regex.Escape(word).Replace("'", "['\u2019]", StringComparison.Ordinal));
        return $@"(?<!\w){string.Join(@"\s+", words)}(?!\w)";
    }

    // The built-in phrases; kept in the pattern of ToPattern so that the source generator can compile them.
    [GeneratedRegex(
        @"(?<!\w)(?:" +
        @"I\s+(?:can['’]?t|cannot|can\s+not)\s+(?:help|assist)\s+with" +
        @"|I\s+(?:can['’]?t|cannot|can\s+not)\s+provide" +
        @"|I(?:['’]m|\s+am)\s+(?:unable|not\s+able)\s+to" +
        @"|I\s+won['’]t\s+be\s+able\s+to" +
        @"|As\s+an\s+AI" +
        @"|I(?:['’]m|\s+am)\s+not\s+(?:sure|certain)" +
        @"|I\s+(?:don['’]t|do\s+not)\s+(?:have\s+enough\s+information|know)" +
        @")(?!\w)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BuiltInPhrases();

    // A sentence ends at ., ! or ? followed by white space, or at a line break.
    [GeneratedRegex(@"(?<=[.!?])\s+|[\r\n]+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();
}
