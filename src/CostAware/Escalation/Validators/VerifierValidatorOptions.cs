using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Options for <see cref="VerifierValidator"/>.</summary>
public sealed class VerifierValidatorOptions
{
    /// <summary>The instructions the judge gets unless others are given.</summary>
    public const string DefaultInstructions =
        "You check another assistant's answer. Decide whether the answer correctly and fully answers the request. " +
        "Reply with one line \"VERDICT: PASS\" or \"VERDICT: FAIL\", optionally followed by one line \"SCORE: \" and " +
        "your confidence that the answer is right, between 0 and 1 (for example \"SCORE: 0.8\"). Write nothing else.";

    /// <summary>Gets or sets the judge's instructions, sent as its system message; they must ask for the verdict
    /// format the validator parses.</summary>
    /// <value><see cref="DefaultInstructions"/>.</value>
    public string Instructions { get; set; } = DefaultInstructions;

    /// <summary>Gets or sets the options of the judge's call, for example its model or a temperature of 0.</summary>
    /// <value><see langword="null"/>: the judge client's defaults.</value>
    public ChatOptions? JudgeOptions { get; set; }

    /// <summary>Gets or sets a value indicating whether an answer is accepted when the judge's reply cannot be
    /// parsed; by default it is rejected, so a confused judge escalates rather than passes a bad answer.</summary>
    /// <value><see langword="false"/>.</value>
    public bool AcceptUnparseableVerdicts { get; set; }
}
