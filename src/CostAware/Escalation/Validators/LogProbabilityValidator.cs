using System.Globalization;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Accepts an answer whose mean token probability, the exponential of the mean token log-probability, is at
/// or above a threshold: a model that was unsure of its own tokens is worth escalating.</summary>
/// <remarks>
/// <para>Log-probabilities are provider-specific, so an extractor reads them from the response (for OpenAI,
/// <c>OpenAILogProbabilities.Extract</c> in the CostAware.OpenAI package; ask for them with the provider's
/// log-probability option).</para>
/// <para>When the extractor finds none (the provider does not give them, or they were not asked for), the answer is
/// accepted with score 1 and a reason saying so: absent evidence is not evidence of a bad answer, and rejecting would
/// escalate every request of a provider without log-probabilities, paying the strongest tier for all of them.
/// Put another validator beside this one when that matters.</para>
/// <para>The score is the mean token probability. Log-probabilities that are not numbers are skipped.</para>
/// <para>This type is thread-safe if the extractor is. It makes no model call.</para>
/// </remarks>
public sealed class LogProbabilityValidator : IAnswerValidator
{
    /// <summary>The validator's name.</summary>
    public const string ValidatorName = "log-probability";

    private readonly Func<ChatResponse, IReadOnlyList<double>?> _extractor;

    /// <summary>Initializes a new instance of the <see cref="LogProbabilityValidator"/> class.</summary>
    /// <param name="extractor">Reads the answer's token log-probabilities (natural log, each at most 0) from a
    /// response, or returns <see langword="null"/> when the response has none.</param>
    /// <param name="minimumMeanTokenProbability">The mean token probability, in [0, 1], at or above which the answer is
    /// accepted; 0.7 by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="extractor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumMeanTokenProbability"/> is outside [0, 1].</exception>
    public LogProbabilityValidator(
        Func<ChatResponse, IReadOnlyList<double>?> extractor,
        double minimumMeanTokenProbability = AnswerValidatorDefaults.MinimumMeanTokenProbability)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        if (!(minimumMeanTokenProbability is >= 0d and <= 1d))
        {
            throw new ArgumentOutOfRangeException(
                nameof(minimumMeanTokenProbability),
                minimumMeanTokenProbability,
                "The minimum mean token probability must be a probability, in [0, 1].");
        }

        _extractor = extractor;
        MinimumMeanTokenProbability = minimumMeanTokenProbability;
    }

    /// <summary>Gets the mean token probability at or above which the answer is accepted.</summary>
    /// <value>0.7 unless given.</value>
    public double MinimumMeanTokenProbability { get; }

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    public ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Judge(_extractor(context.Response)));
    }

    private ValidationVerdict Judge(IReadOnlyList<double>? logProbabilities)
    {
        double sum = 0d;
        int count = 0;
        foreach (double logProbability in logProbabilities ?? [])
        {
            if (!double.IsNaN(logProbability))
            {
                sum += logProbability;
                count++;
            }
        }

        if (count == 0)
        {
            return ValidationVerdict.Accept(Name, "No log-probabilities were available, so there is no evidence against the answer.");
        }

        double meanProbability = Math.Exp(sum / count);
        bool accepted = meanProbability >= MinimumMeanTokenProbability;
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"The mean token probability over {count} tokens is {meanProbability:0.####}, " +
            $"{(accepted ? "at or above" : "below")} {MinimumMeanTokenProbability:0.####}.");
        return new ValidationVerdict(Name, accepted, meanProbability, reason);
    }
}
