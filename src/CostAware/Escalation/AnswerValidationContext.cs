using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What a validator sees: the request, the answer, and the tier that gave it.</summary>
public sealed class AnswerValidationContext
{
    /// <summary>Initializes a new instance of the <see cref="AnswerValidationContext"/> class.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="response">The tier's answer.</param>
    /// <param name="tier">The tier that answered.</param>
    /// <param name="attempt">The attempt number, 1 for the first tier tried.</param>
    public AnswerValidationContext(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ChatResponse response, EscalationTier tier, int attempt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(tier);
        Messages = messages;
        Options = options;
        Response = response;
        Tier = tier;
        Attempt = attempt;
    }

    /// <summary>Gets the request's messages.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets the request's options.</summary>
    public ChatOptions? Options { get; }

    /// <summary>Gets the tier's answer.</summary>
    public ChatResponse Response { get; }

    /// <summary>Gets the tier that answered; its client can be called again (for example to sample more answers),
    /// and those calls are metered like any other.</summary>
    public EscalationTier Tier { get; }

    /// <summary>Gets the attempt number, 1 for the first tier tried.</summary>
    public int Attempt { get; }

    /// <summary>Returns options for a model call a validator makes, linked in the ledger to the attempt it checks:
    /// the same request id and attempt, with the tier named <c>{tier}/validation:{validator}</c>.</summary>
    /// <param name="validator">The validator's name.</param>
    /// <param name="options">The options to start from (the request's, or a judge's own); not changed.</param>
    /// <returns>A copy of the options carrying the correlation.</returns>
    public ChatOptions OptionsForValidation(string validator, ChatOptions? options)
    {
        var attempt = CallCorrelation.From(Options);
        var correlation = new CallCorrelation(
            attempt?.RequestId ?? CostLedgerEntry.NewId(),
            attempt?.Attempt ?? Attempt,
            $"{Tier.Name}/validation:{validator}",
            attempt?.IsEscalation ?? Attempt > 1);
        return correlation.ApplyTo(options);
    }
}
