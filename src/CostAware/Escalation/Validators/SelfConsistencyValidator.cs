using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Asks the answering tier the same request again and accepts when enough of the answers agree: a model that
/// gives a different answer each time is guessing.</summary>
/// <remarks>
/// <para>The validator draws <see cref="SelfConsistencyValidatorOptions.SampleCount"/> minus one more answers from
/// <see cref="EscalationTier.Client"/> with the request's own messages and options, reduces each answer (the original
/// included) to a key with <see cref="SelfConsistencyValidatorOptions.AnswerKey"/>, and accepts when the most common
/// key's share is at or above <see cref="SelfConsistencyValidatorOptions.MinimumAgreement"/>. The score is that
/// share.</para>
/// <para>The extra samples are real model calls made through the tier's client, so a tier whose client carries a token
/// meter records and prices every one of them: with the default of 3, validating an answer costs two more calls of
/// that tier. The request's options should sample (a temperature above 0), or the answers agree trivially.</para>
/// <para>A sample that fails fails the validation with its exception. This type is thread-safe if the answer key
/// is.</para>
/// </remarks>
public sealed partial class SelfConsistencyValidator : IAnswerValidator
{
    /// <summary>The validator's name.</summary>
    public const string ValidatorName = "self-consistency";

    private readonly int _sampleCount;
    private readonly double _minimumAgreement;
    private readonly bool _sampleInParallel;
    private readonly Func<string, string> _answerKey;

    /// <summary>Initializes a new instance of the <see cref="SelfConsistencyValidator"/> class.</summary>
    /// <param name="options">The options; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    /// <exception cref="ArgumentException"><see cref="SelfConsistencyValidatorOptions.AnswerKey"/> is
    /// <see langword="null"/>.</exception>
    public SelfConsistencyValidator(SelfConsistencyValidatorOptions? options = null)
    {
        options ??= new SelfConsistencyValidatorOptions();
        if (options.SampleCount < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.SampleCount,
                $"{nameof(SelfConsistencyValidatorOptions)}.{nameof(options.SampleCount)} must be at least 2: " +
                "the original answer and one more to compare it with.");
        }

        if (!(options.MinimumAgreement is > 0d and <= 1d))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.MinimumAgreement,
                $"{nameof(SelfConsistencyValidatorOptions)}.{nameof(options.MinimumAgreement)} must be a share in (0, 1].");
        }

        if (options.AnswerKey is null)
        {
            throw new ArgumentException(
                $"{nameof(SelfConsistencyValidatorOptions)}.{nameof(options.AnswerKey)} must not be null.",
                nameof(options));
        }

        _sampleCount = options.SampleCount;
        _minimumAgreement = options.MinimumAgreement;
        _sampleInParallel = options.SampleInParallel;
        _answerKey = options.AnswerKey;
    }

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <summary>The default answer key: the last number in the text without thousands separators or trailing zeros
    /// (so "It costs 1,200.50 dollars" and "#### 1200.5" agree), or, when the text has no number, the trimmed
    /// lower-cased text.</summary>
    /// <param name="text">An answer's text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static string DefaultAnswerKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var numbers = Number().Matches(text);
        if (numbers.Count == 0)
        {
            return text.Trim().ToLowerInvariant();
        }

        string number = numbers[^1].Value.Replace(",", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value)
            ? value.ToString("G29", CultureInfo.InvariantCulture)
            : number;
    }

    /// <inheritdoc />
    public async ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var samples = await SampleAsync(context, cancellationToken).ConfigureAwait(false);
        var texts = new List<string>(_sampleCount) { context.Response.Text };
        texts.AddRange(samples.Select(static r => r.Text));
        decimal cost = samples.Sum(static r => r.GetCostUsd() ?? 0m);

        var majority = texts
            .Select(text => _answerKey(text) ?? string.Empty)
            .GroupBy(key => key, StringComparer.Ordinal)
            .Select(group => group.Count())
            .Max();
        double share = (double)majority / texts.Count;
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{majority} of {texts.Count} answers agree (share {share:0.####}, required {_minimumAgreement:0.####}).");
        var verdict = share >= _minimumAgreement
            ? ValidationVerdict.Accept(Name, reason, share)
            : ValidationVerdict.Reject(Name, reason, share);
        return verdict with { CostUsd = cost };
    }

    private async Task<IReadOnlyList<ChatResponse>> SampleAsync(AnswerValidationContext context, CancellationToken cancellationToken)
    {
        var client = context.Tier.Client;
        int extra = _sampleCount - 1;

        // Samples are linked in the ledger to the attempt they check, under a tier name that tells them apart.
        var options = context.OptionsForValidation(Name, context.Options);
        if (_sampleInParallel)
        {
            return await Task.WhenAll(Enumerable.Range(0, extra)
                .Select(_ => client.GetResponseAsync(context.Messages, options, cancellationToken))).ConfigureAwait(false);
        }

        var responses = new List<ChatResponse>(extra);
        for (int i = 0; i < extra; i++)
        {
            responses.Add(await client.GetResponseAsync(context.Messages, options, cancellationToken).ConfigureAwait(false));
        }

        return responses;
    }

    [GeneratedRegex(@"-?\d+(?:,\d{3})*(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
