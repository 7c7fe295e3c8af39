namespace CostAware;

/// <summary>An answer validator whose judgement is a delegate.</summary>
internal sealed class DelegateAnswerValidator : IAnswerValidator
{
    private readonly Func<AnswerValidationContext, CancellationToken, ValueTask<ValidationVerdict>> _validate;

    public DelegateAnswerValidator(string name, Func<AnswerValidationContext, CancellationToken, ValueTask<ValidationVerdict>> validate)
    {
        Name = name;
        _validate = validate;
    }

    public string Name { get; }

    public async ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _validate(context, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The answer validator '{Name}' returned no verdict.");
    }
}
