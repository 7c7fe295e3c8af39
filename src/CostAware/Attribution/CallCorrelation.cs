using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Links the model calls made for one logical request: its id, the attempt number, the tier and whether
/// the attempt is an escalation. Decorators that call a model more than once per request (the escalator) put it on
/// the <see cref="ChatOptions"/> they pass down, and the token meter copies it into each ledger entry.</summary>
/// <param name="RequestId">The logical request's id, shared by all its attempts.</param>
/// <param name="Attempt">The attempt number, 1 for the first.</param>
/// <param name="Tier">The name of the tier the attempt went to.</param>
/// <param name="IsEscalation">Whether the attempt was made because an earlier one was rejected.</param>
public sealed record CallCorrelation(string RequestId, int Attempt, string? Tier, bool IsEscalation)
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the correlation.</summary>
    public const string OptionsKey = "costaware.correlation";

    /// <summary>Returns a copy of the options carrying this correlation; the given options are not changed.</summary>
    /// <param name="options">The options, or <see langword="null"/>.</param>
    /// <returns>The copy.</returns>
    public ChatOptions ApplyTo(ChatOptions? options)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.AdditionalProperties = copy.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        copy.AdditionalProperties[OptionsKey] = this;
        return copy;
    }

    /// <summary>Reads the correlation the options carry.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The correlation, or <see langword="null"/>.</returns>
    public static CallCorrelation? From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OptionsKey, out var value) == true ? value as CallCorrelation : null;
}
