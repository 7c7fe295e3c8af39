namespace CostAware;

/// <summary>A validator's judgement of one answer.</summary>
/// <param name="Validator">The validator's name.</param>
/// <param name="Accepted">Whether the answer is good enough.</param>
/// <param name="Score">A confidence or quality score in [0, 1]; 1 for a plain pass, 0 for a plain fail.</param>
/// <param name="Reason">Why, in a short sentence fit for a log.</param>
public sealed record ValidationVerdict(string Validator, bool Accepted, double Score, string Reason)
{
    /// <summary>Gets what the validator's own model calls cost (samples, a judge), in US dollars, as their token
    /// meters priced them; zero for a validator that calls no model or whose calls are not metered.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Creates an accepting verdict.</summary>
    /// <param name="validator">The validator's name.</param>
    /// <param name="reason">Why.</param>
    /// <param name="score">The score.</param>
    /// <returns>The verdict.</returns>
    public static ValidationVerdict Accept(string validator, string reason, double score = 1d) => new(validator, true, score, reason);

    /// <summary>Creates a rejecting verdict.</summary>
    /// <param name="validator">The validator's name.</param>
    /// <param name="reason">Why.</param>
    /// <param name="score">The score.</param>
    /// <returns>The verdict.</returns>
    public static ValidationVerdict Reject(string validator, string reason, double score = 0d) => new(validator, false, score, reason);
}
