namespace CostAware.Cli.Tests.Cascade;

/// <summary>Small recorded-answer files for the eval-cascade tests, with their o200k_base token counts.</summary>
internal static class CascadeFiles
{
    /// <summary>Prices in CostAware's catalog format: small $1 / $2, big $10 / $30 per million tokens.</summary>
    public const string Catalog = """
        {"models":[
          {"model":"small","provider":"acme","input":1.0,"output":2.0},
          {"model":"big-listed","provider":"acme","input":10.0,"output":30.0}
        ]}
        """;

    /// <summary>The RouteLLM header for tiers <c>small</c> and <c>big</c>.</summary>
    public const string RouteLlmHeader = "prompt,small,big,small_response,big_response";

    // Token counts (o200k_base): each short prompt is 14 prompt tokens (3 reply priming + 3 per message + 1 for
    // "user" + 7 of text), the multi-line one 26. Answers: row 1 small 9 / big 1, row 2 9 / 1, row 3 5 / 5,
    // row 4 8 / 3, row 5 11 / 5.
    public static readonly string[] RouteLlmRows =
    [
        "What is 2+2?,True,True,\"2+2=4\n#### 4\",4",
        "What is 3+3?,False,True,\"3+3=7\n#### 7\",6",
        "What is 5+5?,True,True,It is 10.,The answer is 10",
        "What is 9-4?,False,True,\"I'm not sure, maybe #### 6\",#### 5",
        "\"Tom has 3 apples, \"\"red\"\" ones.\nHe eats 1. How many?\",True,False,\"3 - 1 = 2\n#### 2\",He has 3.",
    ];

    public static string RouteLlm(params string[] rows) => string.Join("\n", [RouteLlmHeader, .. rows]) + "\n";

    public static string RouteLlm() => RouteLlm(RouteLlmRows);
}
