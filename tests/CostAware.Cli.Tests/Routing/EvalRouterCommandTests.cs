using System.Text.Json;
using CostAware.Cli.Routing;
using CostAware.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Tests.Routing;

public class EvalRouterCommandTests
{
    private const string GsmData = "routellm/gsm8k/gsm8k_responses.csv";
    private const string MtBenchData = "routellm/mt_bench/judgements.jsonl";

    [Fact]
    public async Task The_heuristic_router_on_RouteLLM_data_prints_the_paper_metrics_as_one_json_object()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm());

        var run = await CliRun.RunAsync(
            "eval-router", "--data", data, "--format", "routellm", "--weak", "small", "--strong", "big", "--classifier", "heuristic", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().BeEmpty();
        var json = run.SingleJson();
        Keys(json).Should().StartWith(["n", "apgr", "cpt50", "cpt80", "strong_share_at_95", "saving_at_95", "random", "oracle"]);
        json.GetProperty("n").GetInt32().Should().Be(6);
        json.GetProperty("classifier").GetString().Should().Be("heuristic");
        json.GetProperty("weak_quality").GetDouble().Should().Be(0.5, "3 of 6");
        json.GetProperty("strong_quality").GetDouble().Should().Be(0.833333, "5 of 6");
        json.GetProperty("removed_contaminated").GetInt32().Should().Be(0);
        json.GetProperty("saving_basis").GetString().Should().Be("strong_share", "'small' and 'big' are in no catalog");

        // Random: the straight line. Share at 95%: PGR (.95 x 5/6 - 1/2) / (1/3) = .875; saving 1 - .875.
        var random = json.GetProperty("random");
        Keys(random).Should().Equal("apgr", "cpt50", "cpt80", "strong_share_at_95", "saving_at_95");
        random.GetProperty("apgr").GetDouble().Should().Be(0.5);
        random.GetProperty("cpt50").GetDouble().Should().Be(0.5);
        random.GetProperty("cpt80").GetDouble().Should().Be(0.8);
        random.GetProperty("strong_share_at_95").GetDouble().Should().Be(0.875);
        random.GetProperty("saving_at_95").GetDouble().Should().Be(0.125);

        // Oracle: gains +1 (3 prompts), 0 (2), -1 (1); gap 2, P = 3/2. Curve: 0 -> 1.5 at 1/2, flat to 5/6, 1 at 1.
        // APGR = .5 x .75 + 1/3 x 1.5 + 1/6 x 1.25 = .375 + .5 + .208333 = 1.083333.
        var oracle = json.GetProperty("oracle");
        oracle.GetProperty("apgr").GetDouble().Should().Be(1.083333);
        oracle.GetProperty("cpt50").GetDouble().Should().Be(0.166667, ".5 / 1.5 x .5");
        oracle.GetProperty("cpt80").GetDouble().Should().Be(0.266667, ".8 / 1.5 x .5");
        oracle.GetProperty("strong_share_at_95").GetDouble().Should().Be(0.291667, ".875 / 1.5 x .5");
        oracle.GetProperty("saving_at_95").GetDouble().Should().Be(0.708333);

        // The router's figures are those of the heuristic classifier's own scores.
        var rows = RouterDataReader.Read(new FileInfo(data), RouterDataFormat.RouteLlm, "small", "big").Rows;
        var heuristic = new HeuristicDifficultyClassifier();
        var expected = new RouterEvaluation([.. rows.Select(static r => r.Weak.Quality)], [.. rows.Select(static r => r.Strong.Quality)])
            .Router([.. rows.Select(r => heuristic.Score(DifficultyContext.ForPrompt(r.Prompt)))]);
        json.GetProperty("apgr").GetDouble().Should().Be(Math.Round(expected.Apgr, 6));
        json.GetProperty("cpt50").GetDouble().Should().Be(Math.Round(expected.Cpt50, 6));
        json.GetProperty("strong_share_at_95").GetDouble().Should().Be(Math.Round(expected.StrongShareAt95, 6));
    }

    [Fact]
    public async Task Catalog_prices_of_the_recorded_token_counts_give_the_saving()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm(RouterFiles.RouteLlmRows[..5]));
        string catalog = temp.Write("prices.json", RouterFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-router", "--data", data, "--format", "routellm", "--weak", "small", "--strong", "big",
            "--classifier", "random", "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        json.GetProperty("saving_basis").GetString().Should().Be("cost");
        json.GetProperty("weak_quality").GetDouble().Should().Be(0.6);
        json.GetProperty("strong_quality").GetDouble().Should().Be(0.8);

        // All-weak costs 166, all-strong 1,270 (millionths). Random: 95% of .8 is .76, PGR .8, so share .8 and
        // cost 166 + .8 x 1,104 = 1,049.2: saving 1 - 1,049.2 / 1,270.
        var random = json.GetProperty("random");
        random.GetProperty("strong_share_at_95").GetDouble().Should().Be(0.8);
        random.GetProperty("saving_at_95").GetDouble().Should().Be(0.173858);

        // Oracle: gains 0, +1, 0, +1, -1 (gap 1): PGR 2 at share .4 after rows 2 and 4 (extra 138 + 200), so PGR .8
        // at share .16 and cost 166 + .4 x 338 = 301.2: saving 1 - 301.2 / 1,270.
        var oracle = json.GetProperty("oracle");
        oracle.GetProperty("strong_share_at_95").GetDouble().Should().Be(0.16);
        oracle.GetProperty("saving_at_95").GetDouble().Should().Be(0.762835);
    }

    [Fact]
    public async Task RouterBench_recorded_costs_give_the_saving_without_a_catalog()
    {
        using var temp = new TempFolder();
        string data = temp.Write("bench.csv", RouterFiles.RouterBench);

        var run = await CliRun.RunAsync(
            "eval-router", "--data", data, "--format", "routerbench", "--weak", "acme/a", "--strong", "acme/b", "--classifier", "heuristic", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        json.GetProperty("n").GetInt32().Should().Be(4);
        json.GetProperty("weak_quality").GetDouble().Should().Be(0.4375, "(1 + 0 + .5 + .25) / 4");
        json.GetProperty("strong_quality").GetDouble().Should().Be(0.75, "(1 + .75 + 1 + .25) / 4");
        json.GetProperty("saving_basis").GetString().Should().Be("cost");

        // Share (.7125 - .4375) / .3125 = .88; recorded costs: weak .008, strong .1, so .008 + .88 x .092 = .08896.
        var random = json.GetProperty("random");
        random.GetProperty("strong_share_at_95").GetDouble().Should().Be(0.88);
        random.GetProperty("saving_at_95").GetDouble().Should().Be(0.1104);
    }

    [Fact]
    public async Task The_console_form_prints_the_curve_and_the_summary_beside_the_baselines()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm());
        temp.WriteLines("contaminated_prompts.jsonl", """{"eval_prompt":"What is 5+5?"}""");

        var run = await CliRun.RunAsync(
            "eval-router", "--data", data, "--format", "routellm", "--weak", "small", "--strong", "big", "--classifier", "heuristic");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("Scored the heuristic router on 5 labelled prompt(s) from answers.csv");
        run.Out.Should().Contain("Removed 1 contaminated prompt(s)");
        run.Out.Should().Contain("Weak small: 40.0%; strong big: 80.0%.");
        var cells = run.OutLines.Select(static l => l.Replace(" ", "", StringComparison.Ordinal)).ToList();
        cells.Should().Contain("│0%│40.0%│40.0%│40.0%│").And.Contain("│100%│80.0%│80.0%│80.0%│");

        // Without "What is 5+5?" the oracle's gains are +1, 0, +1, -1, +1: it peaks at 100% from share 60% to 80%.
        cells.Should().Contain(l => l.StartsWith("│60%│", StringComparison.Ordinal) && l.EndsWith("│64.0%│100.0%│", StringComparison.Ordinal));
        cells.Should().Contain(l => l.StartsWith("│APGR│", StringComparison.Ordinal) && l.EndsWith("│0.500│1.000│", StringComparison.Ordinal));
        run.Out.Should().Contain("Savings are 1 - strong share: calls cannot be priced because 'small' is not in the price catalog");
    }

    [Fact]
    public async Task The_embedding_router_embeds_each_prompt_once_and_scores_out_of_fold()
    {
        using var temp = new TempFolder();

        // Hard prompts: the weak model fails and the strong one succeeds; easy ones both succeed.
        var lines = new List<string> { "prompt,weak,strong" };
        for (int i = 0; i < 4; i++)
        {
            lines.Add($"hard question {i},False,True");
            lines.Add($"easy question {i},True,True");
        }

        string data = temp.WriteLines("answers.csv", [.. lines]);
        var generator = new KeywordEmbeddingGenerator();
        var run = await RunWithGeneratorAsync(
            generator,
            "eval-router", "--data", data, "--format", "routellm", "--weak", "weak", "--strong", "strong",
            "--classifier", "embedding", "--folds", "4", "--seed", "1", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        generator.Calls.Should().Be(1);
        generator.Embedded.Should().HaveCount(8).And.OnlyHaveUniqueItems();
        generator.Disposed.Should().BeTrue();

        // Every fold trains on six prompts, both kinds among them, so every hard prompt outscores every easy one:
        // the router matches the oracle. PGR rises to 1 at share .5 and stays: APGR .75, CPT(50%) .25, CPT(80%) .4.
        var json = run.SingleJson();
        json.GetProperty("classifier").GetString().Should().Be("embedding");
        json.GetProperty("apgr").GetDouble().Should().Be(0.75);
        json.GetProperty("cpt50").GetDouble().Should().Be(0.25);
        json.GetProperty("cpt80").GetDouble().Should().Be(0.4);
        json.GetProperty("strong_share_at_95").GetDouble().Should().Be(0.45, "PGR .9 at 95% of a perfect strong model over a .5 weak one");
        json.GetProperty("oracle").GetProperty("apgr").GetDouble().Should().Be(0.75);
    }

    [Fact]
    public async Task The_plot_option_writes_a_png()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm());
        string plot = Path.Combine(temp.Path, "charts", "router.png");

        var run = await CliRun.RunAsync(
            "eval-router", "--data", data, "--format", "routellm", "--weak", "small", "--strong", "big", "--classifier", "heuristic", "--plot", plot, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.SingleJson();
        File.ReadAllBytes(plot).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
    }

    [Theory]
    [InlineData("bad-row", "line 3: 'small' should be True or False, found 'perhaps'")]
    [InlineData("missing-model", "the routellm header has no 'huge' column")]
    [InlineData("missing-file", "does not exist")]
    [InlineData("same-model", "--weak and --strong both name 'small'")]
    [InlineData("strong-not-better", "the strong model is not better than the weak one")]
    public async Task Bad_input_exits_with_1_and_a_clear_message(string problem, string message)
    {
        using var temp = new TempFolder();
        string data = problem switch
        {
            "bad-row" => temp.WriteLines("answers.csv", "prompt,small,big", "A?,True,True", "B?,perhaps,True"),
            "strong-not-better" => temp.WriteLines("answers.csv", "prompt,small,big", "A?,True,False", "B?,True,True"),
            "missing-file" => Path.Combine(temp.Path, "nope.csv"),
            _ => temp.Write("answers.csv", RouterFiles.RouteLlm()),
        };
        string strong = problem switch { "missing-model" => "huge", "same-model" => "small", _ => "big" };

        var run = await CliRun.RunAsync(
            "eval-router", "--data", data, "--format", "routellm", "--weak", "small", "--strong", strong, "--classifier", "heuristic", "--json");

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().StartWith("error: ").And.Contain(message);
    }

    [Fact]
    public async Task Unknown_formats_and_classifiers_are_refused_by_the_parser()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", RouterFiles.RouteLlm());

        var run = await CliRun.RunAsync(
            "eval-router", "--data", data, "--format", "routellm", "--weak", "small", "--strong", "big", "--classifier", "psychic");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("psychic");
    }

    [SharedDataFact(GsmData)]
    public async Task GSM8K_from_the_RouteLLM_paper_has_1307_clean_prompts_and_the_published_qualities()
    {
        var run = await CliRun.RunAsync(
            "eval-router", "--data", SharedData.Find(GsmData)!, "--format", "routellm",
            "--weak", "mistralai/Mixtral-8x7B-Instruct-v0.1", "--strong", "gpt-4-1106-preview", "--classifier", "heuristic", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        json.GetProperty("n").GetInt32().Should().Be(1307, "1,319 questions less the 12 contaminated ones");
        json.GetProperty("removed_contaminated").GetInt32().Should().Be(12);
        json.GetProperty("weak_quality").GetDouble().Should().Be(0.637337, "833 of 1,307: 63.7%");
        json.GetProperty("strong_quality").GetDouble().Should().Be(0.857689, "1,121 of 1,307: 85.8%");
        json.GetProperty("random").GetProperty("apgr").GetDouble().Should().Be(0.5);

        // The data README: a random router needs about 80% strong calls for 95% of GPT-4's quality. The oracle sends
        // only the 382 prompts (29.2%) where GPT-4 is right and Mixtral wrong, best first, and 95% of 85.8% needs
        // 232 of them: 17.7%.
        json.GetProperty("random").GetProperty("strong_share_at_95").GetDouble().Should().Be(0.805382);
        json.GetProperty("oracle").GetProperty("strong_share_at_95").GetDouble().Should().Be(0.177467);
    }

    [SharedDataFact(MtBenchData)]
    public async Task MT_Bench_from_the_RouteLLM_paper_has_72_clean_questions()
    {
        var run = await CliRun.RunAsync(
            "eval-router", "--data", SharedData.Find(MtBenchData)!, "--format", "mtbench",
            "--weak", "mistralai/Mixtral-8x7B-Instruct-v0.1", "--strong", "gpt-4-1106-preview", "--classifier", "heuristic", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        json.GetProperty("n").GetInt32().Should().Be(72, "80 questions less the 8 contaminated ones");
        json.GetProperty("removed_contaminated").GetInt32().Should().Be(8);
        json.GetProperty("random").GetProperty("apgr").GetDouble().Should().Be(0.5);
    }

    private static List<string> Keys(JsonElement element) => [.. element.EnumerateObject().Select(static p => p.Name)];

    private static Task<CliRun> RunWithGeneratorAsync(IEmbeddingGenerator<string, Embedding<float>> generator, params string[] args) =>
        CliRun.RunAsync(environment: null, input: null, () => generator, args);

    // Embeds "hard ..." prompts as (1, 0) and anything else as (0, 1), and records what it was asked.
    private sealed class KeywordEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public int Calls { get; private set; }

        public List<string> Embedded { get; } = [];

        public bool Disposed { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (string value in values)
            {
                Embedded.Add(value);
                result.Add(new Embedding<float>(value.StartsWith("hard", StringComparison.Ordinal) ? new float[] { 1, 0 } : [0, 1]));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() => Disposed = true;
    }
}
