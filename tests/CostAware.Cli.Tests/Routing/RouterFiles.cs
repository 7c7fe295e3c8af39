namespace CostAware.Cli.Tests.Routing;

/// <summary>Small labelled data files for the eval-router tests.</summary>
internal static class RouterFiles
{
    /// <summary>RouterBench data for weak <c>acme/a</c> and strong <c>acme/b</c>.</summary>
    public const string RouterBench = """
        sample_id,prompt,eval_name,acme/a,acme/b,acme/a|total_cost,acme/a|model_response,acme/b|total_cost,acme/b|model_response
        1,Capital of France?,geo,1.0,1,0.001,Paris is the capital.,0.01,Paris.
        2,What is the answer?,misc,0,0.75,0.002,"As an AI, I cannot say.",0.02,It is 42.
        3,Sky colour?,misc,0.5,1,1e-3,Blue.,0.03,"Blue, mostly."
        4,Meaning of life?,misc,0.25,0.25,0.004,I'm not sure.,0.04,I'm not sure either.

        """;

    /// <summary>The RouteLLM header for weak <c>small</c> and strong <c>big</c> (eval-cascade's).</summary>
    public const string RouteLlmHeader = Cascade.CascadeFiles.RouteLlmHeader;

    /// <summary>Six prompts, the fifth spread over three lines. Weak right on 1, 3, 5; strong right on all but 5.
    /// Gains (strong - weak): 0, +1, 0, +1, -1, +1. The first five are eval-cascade's, whose o200k_base costs at
    /// small $1 / $2 and big $10 / $30 per million tokens are, in millionths of a dollar, small 32, 32, 24, 30, 48
    /// and big 170, 170, 290, 230, 410.</summary>
    public static readonly string[] RouteLlmRows =
    [
        .. Cascade.CascadeFiles.RouteLlmRows,
        "Prove that there are infinitely many primes and explain each step of the argument in detail.,False,True,No.,Suppose finitely many...",
    ];

    /// <summary>Prices in CostAware's catalog format: small $1 / $2, big $10 / $30 per million tokens.</summary>
    public const string Catalog = """
        {"models":[
          {"model":"small","provider":"acme","input":1.0,"output":2.0},
          {"model":"big-listed","provider":"acme","input":10.0,"output":30.0}
        ]}
        """;

    /// <summary>RouteLLM data with the given rows.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The file's text.</returns>
    public static string RouteLlm(params string[] rows) => string.Join("\n", [RouteLlmHeader, .. rows]) + "\n";

    /// <summary>RouteLLM data with all six rows.</summary>
    /// <returns>The file's text.</returns>
    public static string RouteLlm() => RouteLlm(RouteLlmRows);

    /// <summary>Writes MT-Bench questions and judgments for <c>weak-m</c> and <c>strong-m</c>: question 81 scored
    /// weak 4/7, strong 9/9; question 82 with the weak turn 2 unparsed (-1); question 83 weak 8/8, strong 7/8.</summary>
    /// <param name="temp">The folder.</param>
    /// <returns>The judgments' path.</returns>
    public static string WriteMtBench(TempFolder temp)
    {
        temp.WriteLines(
            "question.jsonl",
            """{"question_id": 81, "category": "writing", "turns": ["Write a poem.", "Now make it rhyme with sea."]}""",
            """{"question_id": 82, "category": "math", "turns": ["What is 2+2?", "And 3+3?"]}""",
            """{"question_id": 83, "category": "coding", "turns": ["Reverse a list in Python.", "Now in C#."]}""");
        return temp.WriteLines(
            "judgements.jsonl",
            Judgment(81, "weak-m", 1, 4, Turn1("Write a poem.", "Roses are red.")),
            Judgment(81, "weak-m", 2, 7, Turn2("Write a poem.", "Roses are red.", "Now make it rhyme with sea.", "Roses are red, in the sea.")),
            Judgment(81, "strong-m", 1, 9, Turn1("Write a poem.", "A poem.")),
            Judgment(81, "strong-m", 2, 9.0, Turn2("Write a poem.", "A poem.", "Now make it rhyme with sea.", "A poem by the sea.")),
            Judgment(82, "weak-m", 1, 3, Turn1("What is 2+2?", "5")),
            Judgment(82, "weak-m", 2, -1, Turn2("What is 2+2?", "5", "And 3+3?", "7")),
            Judgment(82, "strong-m", 1, 10, Turn1("What is 2+2?", "4")),
            Judgment(82, "strong-m", 2, 10, Turn2("What is 2+2?", "4", "And 3+3?", "6")),
            "",
            Judgment(83, "weak-m", 1, 8, Turn1("Reverse a list in Python.", "xs[::-1]")),
            Judgment(83, "weak-m", 2, 8, Turn2("Reverse a list in Python.", "xs[::-1]", "Now in C#.", "xs.Reverse()")),
            Judgment(83, "strong-m", 1, 7, Turn1("Reverse a list in Python.", "list(reversed(xs))")),
            Judgment(83, "strong-m", 2, 8, Turn2("Reverse a list in Python.", "list(reversed(xs))", "Now in C#.", "Enumerable.Reverse(xs)")));
    }

    private static string Judgment(int question, string model, int turn, double score, string judgePrompt) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["question_id"] = question,
            ["model"] = model,
            ["judge"] = new[] { "gpt-4", turn == 1 ? "single-v1" : "single-v1-multi-turn" },
            ["user_prompt"] = judgePrompt,
            ["judgment"] = "Fine. Rating: [[" + score + "]]",
            ["score"] = score,
            ["turn"] = turn,
        });

    private static string Turn1(string question, string answer) =>
        $"[Instruction]\nPlease act as an impartial judge.\n\n[Question]\n{question}\n\n[The Start of Assistant's Answer]\n{answer}\n[The End of Assistant's Answer]";

    private static string Turn2(string question, string answer, string followUp, string answer2) =>
        $"<|The Start of Assistant A's Conversation with User|>\n\n### User:\n{question}\n\n### Assistant A:\n{answer}\n\n### User:\n{followUp}\n\n### Assistant A:\n{answer2}\n\n<|The End of Assistant A's Conversation with User|>";
}
