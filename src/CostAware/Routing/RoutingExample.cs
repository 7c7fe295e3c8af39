using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>A labelled prompt for a learned difficulty classifier.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="StrongNeeded"><see langword="true"/> when the cheap tier's answer was not good enough (a stronger
/// tier was needed); <see langword="false"/> when it was.</param>
public sealed record RoutingExample(string Prompt, bool StrongNeeded)
{
    /// <summary>Labels a request from the escalator's verdict on its cheapest tier: strong needed when that tier's
    /// answer was rejected, not needed when it was accepted.</summary>
    /// <param name="messages">The request's messages; the prompt is the last user message's text.</param>
    /// <param name="outcome">The escalator's outcome (<see cref="EscalationResponseExtensions.GetEscalationOutcome"/>).</param>
    /// <returns>The example, or <see langword="null"/> when the outcome says nothing about difficulty: no outcome, the
    /// cascade was bypassed, or the cheapest tier's call failed rather than answered.</returns>
    public static RoutingExample? FromEscalation(IEnumerable<ChatMessage> messages, EscalationOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (outcome is null || outcome.Bypassed || outcome.Attempts.Count == 0 || outcome.Attempts[0].Error is not null)
        {
            return null;
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string prompt = new DifficultyContext(list).Prompt;
        return prompt.Length == 0 ? null : new RoutingExample(prompt, StrongNeeded: !outcome.Attempts[0].Accepted);
    }
}
