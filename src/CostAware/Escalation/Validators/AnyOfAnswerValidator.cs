namespace CostAware;

/// <summary>Accepts when any inner validator accepts, asking them in order and stopping at the first acceptance.</summary>
internal sealed class AnyOfAnswerValidator : IAnswerValidator
{
    private readonly IAnswerValidator[] _validators;

    public AnyOfAnswerValidator(IAnswerValidator[] validators)
    {
        _validators = validators;
        Name = $"any-of({string.Join(", ", validators.Select(v => v.Name))})";
    }

    public string Name { get; }

    public async ValueTask<ValidationVerdict> ValidateAsync(AnswerValidationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        double score = 0d;
        decimal cost = 0m;
        var rejections = new List<ValidationVerdict>(_validators.Length);
        foreach (var validator in _validators)
        {
            var verdict = await CompositeVerdicts.AskAsync(validator, context, cancellationToken).ConfigureAwait(false);
            score = Math.Max(score, verdict.Score);
            cost += verdict.CostUsd;
            if (verdict.Accepted)
            {
                return ValidationVerdict.Accept(Name, $"Accepted by {verdict.Validator}: {verdict.Reason}", score) with { CostUsd = cost };
            }

            rejections.Add(verdict);
        }

        string reasons = string.Join("; ", rejections.Select(r => $"{r.Validator}: {r.Reason}"));
        return ValidationVerdict.Reject(Name, $"Rejected by every validator ({reasons})", score) with { CostUsd = cost };
    }
}
