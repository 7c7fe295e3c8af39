namespace CostAware.Cli.Cascade;

/// <summary>The layouts of recorded benchmark answers that <c>eval-cascade</c> reads.</summary>
internal static class CascadeDataFormat
{
    /// <summary>RouteLLM's CSV: <c>prompt</c>, a True/False correctness column per model, then
    /// <c>&lt;model&gt;_response</c> columns.</summary>
    public const string RouteLlm = "routellm";

    /// <summary>RouterBench's CSV: <c>prompt</c>, a quality column per model (0 to 1, or True/False),
    /// <c>&lt;model&gt;|total_cost</c> and <c>&lt;model&gt;|model_response</c>.</summary>
    public const string RouterBench = "routerbench";

    /// <summary>Returns the suffix of a model's response column.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The suffix.</returns>
    public static string ResponseSuffix(string format) => format == RouterBench ? "|model_response" : "_response";

    /// <summary>Returns the suffix of a model's recorded cost column, which only RouterBench has.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The suffix, or <see langword="null"/>.</returns>
    public static string? CostSuffix(string format) => format == RouterBench ? "|total_cost" : null;

    /// <summary>Returns the suffix of a model's optional finish reason column (<c>stop</c>, <c>length</c>, ...).</summary>
    /// <param name="format">The format.</param>
    /// <returns>The suffix.</returns>
    public static string FinishReasonSuffix(string format) => format == RouterBench ? "|finish_reason" : "_finish_reason";
}
