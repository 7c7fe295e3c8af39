namespace CostAware.Cli.Routing;

/// <summary>The layouts of labelled routing data that <c>eval-router</c> reads.</summary>
internal static class RouterDataFormat
{
    /// <summary>RouteLLM's CSV: <c>prompt</c>, a True/False correctness column per model, optionally
    /// <c>&lt;model&gt;_response</c> columns.</summary>
    public const string RouteLlm = "routellm";

    /// <summary>RouterBench's CSV: <c>prompt</c>, a quality column per model (0 to 1) and
    /// <c>&lt;model&gt;|total_cost</c>.</summary>
    public const string RouterBench = "routerbench";

    /// <summary>MT-Bench's GPT-4 single-answer judgments (JSONL), with <c>question.jsonl</c> beside them.</summary>
    public const string MtBench = "mtbench";
}
