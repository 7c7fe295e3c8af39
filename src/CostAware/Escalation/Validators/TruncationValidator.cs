using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Rejects an answer the model stopped because it ran out of output tokens
/// (<see cref="ChatFinishReason.Length"/>): a cut-off answer is rarely usable, and a stronger tier (or the same
/// request with a larger budget) is the cheaper fix.</summary>
/// <remarks>This type is thread-safe. It makes no model call.</remarks>
public sealed class TruncationValidator : IAnswerValidator
{
    /// <summary>The validator's name.</summary>
    public const string ValidatorName = "truncation";

    /// <inheritdoc />
    public string Name => ValidatorName;

    /// <inheritdoc />
    public ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var verdict = context.Response.FinishReason == ChatFinishReason.Length
            ? ValidationVerdict.Reject(Name, "The answer was cut off at the output token limit (finish reason 'length').")
            : ValidationVerdict.Accept(Name, "The answer was not cut off.");
        return ValueTask.FromResult(verdict);
    }
}
