namespace CostAware;

/// <summary>Accepts only when every inner validator accepts, asking them in order and stopping at the first
/// rejection, so that cheap checks placed first spare the costly ones.</summary>
internal sealed class AllOfAnswerValidator : IAnswerValidator
{
    private readonly IAnswerValidator[] _validators;

    public AllOfAnswerValidator(IAnswerValidator[] validators)
    {
        _validators = validators;
        Name = $"all-of({string.Join(", ", validators.Select(v => v.Name))})";
    }

    public string Name { get; }

    public async ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        double score = 1d;
        decimal cost = 0m;
        foreach (var validator in _validators)
        {
            var verdict = await CompositeVerdicts.AskAsync(validator, context, cancellationToken).ConfigureAwait(false);
            score = Math.Min(score, verdict.Score);
            cost += verdict.CostUsd;
            if (!verdict.Accepted)
            {
                return ValidationVerdict.Reject(Name, $"Rejected by {verdict.Validator}: {verdict.Reason}", score) with { CostUsd = cost };
            }
        }

        return ValidationVerdict.Accept(Name, $"Accepted by all of {CompositeVerdicts.NamesOf(_validators)}.", score) with { CostUsd = cost };
    }
}
