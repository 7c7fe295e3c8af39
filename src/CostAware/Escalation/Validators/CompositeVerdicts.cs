namespace CostAware;

/// <summary>Helpers shared by the composite validators.</summary>
internal static class CompositeVerdicts
{
    public static async ValueTask<ValidationVerdict> AskAsync(
        IAnswerValidator validator,
        AnswerValidationContext context,
        CancellationToken cancellationToken)
    {
        // A null verdict would otherwise surface later as a NullReferenceException far from the validator at fault.
        return await validator.ValidateAsync(context, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The answer validator '{validator.Name}' returned no verdict.");
    }

    public static string NamesOf(IEnumerable<IAnswerValidator> validators) => string.Join(", ", validators.Select(v => v.Name));
}
