using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>One tier's try at a request.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Attempt">The attempt number, 1 for the first.</param>
/// <param name="Response">The tier's answer, or <see langword="null"/> when the call failed.</param>
/// <param name="Verdicts">The validators' verdicts on the answer.</param>
/// <param name="Accepted">Whether the answer was accepted.</param>
/// <param name="Error">The failure, when the call failed.</param>
public sealed record EscalationAttempt(
    EscalationTier Tier,
    int Attempt,
    ChatResponse? Response,
    IReadOnlyList<ValidationVerdict> Verdicts,
    bool Accepted,
    Exception? Error = null)
{
    /// <summary>Gets the attempt's cost as the tier's token meter priced it, or <see langword="null"/> when the tier
    /// has no meter or the model is unpriced.</summary>
    public decimal? CostUsd => Response?.GetCostUsd();

    /// <summary>Gets what validating the answer cost (samples, a judge), in US dollars.</summary>
    public decimal ValidationCostUsd => Verdicts.Sum(static v => v.CostUsd);
}

/// <summary>How the escalator handled one request: every attempt, and whether the cascade was bypassed.</summary>
/// <param name="RequestId">The id shared by the request's ledger entries.</param>
/// <param name="Attempts">Every attempt, in order.</param>
/// <param name="Bypassed">Whether the cheaper tiers were skipped because the cascade did not pay.</param>
/// <param name="Probe">Whether the request ran the cascade to measure it while bypass was engaged.</param>
public sealed record EscalationOutcome(string RequestId, IReadOnlyList<EscalationAttempt> Attempts, bool Bypassed, bool Probe)
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of the outcome.</summary>
    public const string ResponseKey = "costaware.escalation";

    /// <summary>Gets the attempt whose answer was returned.</summary>
    public EscalationAttempt Final => Attempts[^1];

    /// <summary>Gets a value indicating whether the request went past its first tier.</summary>
    public bool Escalated => Attempts.Count > 1;
}

/// <summary>Thrown when every tier's answer was rejected and <see cref="EscalationExhaustedBehavior.Throw"/> is set.</summary>
public sealed class EscalationExhaustedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="EscalationExhaustedException"/> class.</summary>
    /// <param name="outcome">Every attempt and verdict.</param>
    public EscalationExhaustedException(EscalationOutcome outcome)
        : base(BuildMessage(outcome))
    {
        Outcome = outcome;
    }

    /// <summary>Initializes a new instance of the <see cref="EscalationExhaustedException"/> class.</summary>
    public EscalationExhaustedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EscalationExhaustedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public EscalationExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EscalationExhaustedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EscalationExhaustedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets every attempt and verdict, or <see langword="null"/> when constructed without them.</summary>
    public EscalationOutcome? Outcome { get; }

    private static string BuildMessage(EscalationOutcome outcome) =>
        $"Every tier's answer was rejected ({outcome.Attempts.Count} attempts): " +
        string.Join("; ", outcome.Attempts.Select(a => $"{a.Tier.Name}: " +
            (a.Error is not null ? $"failed ({a.Error.GetType().Name})" : string.Join(", ", a.Verdicts.Where(v => !v.Accepted).Select(v => $"{v.Validator} ({v.Reason})"))))) + ".";
}

/// <summary>Reads the escalator's outcome from a response.</summary>
public static class EscalationResponseExtensions
{
    /// <summary>Returns the escalator's outcome, or <see langword="null"/> if no escalator handled the request.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The outcome.</returns>
    /// <remarks>Looks on the response, then on its messages, newest first (a streamed response rebuilt with
    /// <c>ToChatResponseAsync</c> carries it on its last message when the provider's updates have message ids).</remarks>
    public static EscalationOutcome? GetEscalationOutcome(this ChatResponse response) =>
        response.FindProperty<EscalationOutcome>(EscalationOutcome.ResponseKey);
}
