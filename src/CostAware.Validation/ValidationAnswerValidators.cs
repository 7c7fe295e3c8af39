namespace CostAware;

/// <summary>Creates the answer validators of the CostAware.Validation package; the core validators are in
/// <see cref="AnswerValidators"/>.</summary>
public static class ValidationAnswerValidators
{
    /// <summary>Creates a validator that rejects answers not valid against the JSON schema the request asked for.</summary>
    /// <returns>A <see cref="StructuredOutputValidator"/>.</returns>
    public static IAnswerValidator StructuredOutput() => new StructuredOutputValidator();

    /// <summary>Creates a validator that rejects calls to tools the request did not offer, or with invalid
    /// arguments.</summary>
    /// <returns>A <see cref="ToolCallValidator"/>.</returns>
    public static IAnswerValidator ToolCalls() => new ToolCallValidator();
}
