namespace CostAware;

/// <summary>The arithmetic of a two-level cascade: when does trying the cheap tier first stop paying?</summary>
public static class EscalationMath
{
    /// <summary>Returns the escalation rate above which a cascade costs more than calling the strong tier directly.</summary>
    /// <param name="cheap">The cheap tier's prices.</param>
    /// <param name="strong">The strong tier's prices.</param>
    /// <param name="inputTokens">The prompt size of one attempt.</param>
    /// <param name="outputTokens">The answer size of one attempt.</param>
    /// <param name="validationCostPerRequest">What validating the cheap answer costs per request (samples, a
    /// verifier), in US dollars.</param>
    /// <returns>The break-even rate r* in [0, 1]: the cascade costs cheap + r·strong, direct costs strong, so
    /// r* = 1 − (cheap + validation) / strong. Zero when the cheap attempt alone costs as much as the strong one.</returns>
    /// <remarks>With cheap $0.15 / $0.60 and strong $2.50 / $10 per million tokens, 1,000 input and 300 output tokens
    /// per attempt, the cheap attempt costs $0.00033 and the strong one $0.0055, so r* = 1 − 0.06 = 0.94: the cascade
    /// pays until 94% of requests escalate.</remarks>
    public static double BreakEvenRate(ModelPrice cheap, ModelPrice strong, long inputTokens, long outputTokens, decimal validationCostPerRequest = 0m)
    {
        ArgumentNullException.ThrowIfNull(cheap);
        ArgumentNullException.ThrowIfNull(strong);
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(validationCostPerRequest);

        var usage = new TokenUsage { InputTokens = inputTokens, CachedInputTokens = 0, OutputTokens = outputTokens };
        decimal cheapCost = CostCalculator.Calculate(cheap, usage).Total + validationCostPerRequest;
        decimal strongCost = CostCalculator.Calculate(strong, usage).Total;
        if (strongCost <= 0m || cheapCost >= strongCost)
        {
            return 0d;
        }

        return (double)(1m - (cheapCost / strongCost));
    }
}
