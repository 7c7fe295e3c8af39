namespace CostAware;

/// <summary>A step policy backed by a delegate; <see cref="Default"/> is the policy the runner uses unless told
/// otherwise.</summary>
public sealed class AgentStepPolicy : IAgentStepPolicy
{
    private readonly Func<AgentStepContext, EscalationTier> _select;

    /// <summary>Initializes a new instance of the <see cref="AgentStepPolicy"/> class.</summary>
    /// <param name="select">Chooses the tier of a step; it must return one of <see cref="AgentStepContext.Tiers"/>.</param>
    public AgentStepPolicy(Func<AgentStepContext, EscalationTier> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        _select = select;
    }

    /// <summary>Gets the default policy: the first (planning) step and the final synthesis step on the strongest
    /// tier; a step that follows invalid tool calls one tier above the previous step's; a step with tool results
    /// pending on the cheapest tier; any other step (a new user turn) on the strongest tier.</summary>
    public static AgentStepPolicy Default { get; } = new(SelectDefault);

    /// <inheritdoc />
    public ValueTask<EscalationTier> SelectTierAsync(AgentStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ValueTask<EscalationTier>(_select(context));
    }

    private static EscalationTier SelectDefault(AgentStepContext context)
    {
        var tiers = context.Tiers;
        if (context.StepNumber == 1 || context.IsFinalStep)
        {
            return tiers[^1];
        }

        if (context.PreviousStepHadInvalidToolCalls && context.PreviousTier is not null)
        {
            int previous = IndexOf(tiers, context.PreviousTier);
            return tiers[Math.Min(previous + 1, tiers.Count - 1)];
        }

        return context.ToolResultsPending ? tiers[0] : tiers[^1];
    }

    private static int IndexOf(IReadOnlyList<EscalationTier> tiers, EscalationTier tier)
    {
        for (int i = 0; i < tiers.Count; i++)
        {
            if (ReferenceEquals(tiers[i], tier))
            {
                return i;
            }
        }

        return tiers.Count - 1;
    }
}
