namespace CostAware;

/// <summary>Judges whether a tier's answer is good enough to return, or whether the escalator should try a stronger
/// tier.</summary>
/// <remarks>Implementations must be thread-safe. A validator that calls a model (self-consistency, a verifier) must
/// make those calls through metered clients, so that their cost is counted.</remarks>
public interface IAnswerValidator
{
    /// <summary>Gets the validator's name, used in verdicts, logs and metrics.</summary>
    string Name { get; }

    /// <summary>Judges an answer.</summary>
    /// <param name="context">The request, the answer and the tier that gave it.</param>
    /// <param name="cancellationToken">Cancels the judgement.</param>
    /// <returns>The verdict.</returns>
    ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default);
}
