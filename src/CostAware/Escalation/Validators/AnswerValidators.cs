using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Creates and combines answer validators.</summary>
/// <remarks>Validators that need JSON Schema (structured output, tool calls) live in the CostAware.Validation
/// package, in <c>ValidationAnswerValidators</c>.</remarks>
public static partial class AnswerValidators
{
    /// <summary>Combines validators into one that accepts only when all of them accept.</summary>
    /// <param name="validators">The validators, asked in order; put the cheap ones first.</param>
    /// <returns>A validator that stops at the first rejection and returns it as its reason; its score is the lowest
    /// score among the verdicts it gathered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="validators"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="validators"/> is empty or holds a null.</exception>
    public static IAnswerValidator AllOf(params IAnswerValidator[] validators) => new AllOfAnswerValidator(CheckComposite(validators));

    /// <summary>Combines validators into one that accepts when any of them accepts.</summary>
    /// <param name="validators">The validators, asked in order; put the cheap ones first.</param>
    /// <returns>A validator that stops at the first acceptance, and otherwise lists every rejection in its reason;
    /// its score is the highest score among the verdicts it gathered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="validators"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="validators"/> is empty or holds a null.</exception>
    public static IAnswerValidator AnyOf(params IAnswerValidator[] validators) => new AnyOfAnswerValidator(CheckComposite(validators));

    /// <summary>Creates a validator from a delegate.</summary>
    /// <param name="name">The validator's name.</param>
    /// <param name="validate">Judges an answer; must be thread-safe and must not return <see langword="null"/>.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="validate"/> is <see langword="null"/>.</exception>
    public static IAnswerValidator FromDelegate(
        string name,
        Func<AnswerValidationContext, CancellationToken, ValueTask<ValidationVerdict>> validate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(validate);
        return new DelegateAnswerValidator(name, validate);
    }

    /// <summary>Creates a validator that rejects an answer cut off at the output token limit.</summary>
    /// <returns>A <see cref="TruncationValidator"/>.</returns>
    public static IAnswerValidator Truncation() => new TruncationValidator();

    /// <summary>Creates a validator that rejects refusing or hedging answers and content-filtered ones.</summary>
    /// <param name="extraPhrases">Phrases to reject besides the built-in ones.</param>
    /// <returns>A <see cref="RefusalValidator"/>.</returns>
    /// <exception cref="ArgumentException">A phrase is null, empty or white space.</exception>
    public static IAnswerValidator Refusal(params string[] extraPhrases) => new RefusalValidator(extraPhrases);

    /// <summary>Creates a validator that accepts answers whose mean token probability reaches a threshold.</summary>
    /// <param name="extractor">Reads the token log-probabilities from a response, or returns
    /// <see langword="null"/> when it has none (the answer is then accepted).</param>
    /// <param name="minimumMeanTokenProbability">The threshold, in [0, 1]; 0.7 by default.</param>
    /// <returns>A <see cref="LogProbabilityValidator"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="extractor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumMeanTokenProbability"/> is outside [0, 1].</exception>
    public static IAnswerValidator LogProbability(
        Func<ChatResponse, IReadOnlyList<double>?> extractor,
        double minimumMeanTokenProbability = AnswerValidatorDefaults.MinimumMeanTokenProbability) =>
        new LogProbabilityValidator(extractor, minimumMeanTokenProbability);

    /// <summary>Creates a validator that samples the answering tier again and accepts when the answers agree.</summary>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>A <see cref="SelfConsistencyValidator"/>; its samples are metered by the tier's client.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public static IAnswerValidator SelfConsistency(Action<SelfConsistencyValidatorOptions>? configure = null)
    {
        var options = new SelfConsistencyValidatorOptions();
        configure?.Invoke(options);
        return new SelfConsistencyValidator(options);
    }

    /// <summary>Creates a validator that asks a judge model whether the answer is right.</summary>
    /// <param name="judge">The judge's client; put a token meter on it so that its calls are priced.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>A <see cref="VerifierValidator"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="judge"/> is <see langword="null"/>.</exception>
    public static IAnswerValidator Verifier(IChatClient judge, Action<VerifierValidatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var options = new VerifierValidatorOptions();
        configure?.Invoke(options);
        return new VerifierValidator(judge, options);
    }

    /// <summary>Creates a validator that accepts answers whose text contains a match of a pattern.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="name">The validator's name; <c>answer-format</c> by default.</param>
    /// <returns>An <see cref="AnswerFormatValidator"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is <see langword="null"/>.</exception>
    public static IAnswerValidator MatchesFormat(Regex pattern, string? name = null) => new AnswerFormatValidator(pattern, name);

    /// <summary>Creates a validator that accepts answers stating a final number the way math benchmarks expect:
    /// GSM8K's <c>#### 42</c>, or "The answer is 42" / "The final answer is: $1,200.50".</summary>
    /// <returns>An <see cref="AnswerFormatValidator"/> named <c>final-number</c>.</returns>
    public static IAnswerValidator FinalNumber() => new AnswerFormatValidator(FinalNumberPattern(), "final-number");

    private static IAnswerValidator[] CheckComposite(IAnswerValidator[] validators)
    {
        ArgumentNullException.ThrowIfNull(validators);
        if (validators.Length == 0)
        {
            throw new ArgumentException("Give at least one validator to combine.", nameof(validators));
        }

        int missing = Array.IndexOf(validators, null);
        if (missing >= 0)
        {
            throw new ArgumentException($"Validator {missing} is null.", nameof(validators));
        }

        // Copied so that a caller changing its array later cannot change the composite.
        return [.. validators];
    }

    [GeneratedRegex(
        @"(?:####|\bthe\s+(?:final\s+)?answer\s+is:?)\s*\$?-?\d+(?:,\d{3})*(?:\.\d+)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FinalNumberPattern();
}
