namespace CostAware;

/// <summary>Chooses the tier of each step of an agent run.</summary>
/// <remarks>Implementations must be thread-safe: one instance serves every run through a runner.</remarks>
public interface IAgentStepPolicy
{
    /// <summary>Chooses the tier of one step.</summary>
    /// <param name="context">The step and the run so far.</param>
    /// <param name="cancellationToken">Cancels the choice.</param>
    /// <returns>One of <see cref="AgentStepContext.Tiers"/>.</returns>
    ValueTask<EscalationTier> SelectTierAsync(AgentStepContext context, CancellationToken cancellationToken);
}
