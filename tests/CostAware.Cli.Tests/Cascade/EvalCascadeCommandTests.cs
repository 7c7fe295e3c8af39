using System.Text.Json;

namespace CostAware.Cli.Tests.Cascade;

public class EvalCascadeCommandTests
{
    [Fact]
    public async Task RouteLLM_data_gives_the_hand_computed_accuracy_cost_and_escalation_numbers()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big",
            "--validator", "refusal", "--validator", "final-number",
            "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().BeEmpty();
        var json = run.SingleJson();
        json.GetProperty("n").GetInt32().Should().Be(5);
        json.GetProperty("dropped_contaminated").GetInt32().Should().Be(0);
        Strings(json.GetProperty("tiers")).Should().Equal("small", "big");
        Strings(json.GetProperty("validators")).Should().Equal("refusal", "final-number");

        // Row 3 lacks a final number and row 4 hedges: both escalate. Small answers rows 1 (right), 2 (wrong) and
        // 5 (right); big answers rows 3 and 4 (both right): 4 of 5.
        var cascade = json.GetProperty("cascade");
        cascade.GetProperty("accuracy").GetDouble().Should().Be(0.8);
        cascade.GetProperty("escalation_rate").GetDouble().Should().Be(0.4);
        cascade.GetProperty("accepted_first_tier_rate").GetDouble().Should().Be(0.6);

        // Per call, in millionths of a dollar: small = prompt x 1 + answer x 2 = 32, 32, 24, 30, 48 (166);
        // big = prompt x 10 + answer x 30 = 170, 170, 290, 230, 410 (1,270). The cascade pays every small call and
        // big's rows 3 and 4: 166 + 290 + 230 = 686; the rejected small calls of rows 3 and 4 cost 24 + 30 = 54.
        cascade.GetProperty("cost_usd").GetDecimal().Should().Be(0.000686m);
        cascade.GetProperty("rejected_attempt_cost_usd").GetDecimal().Should().Be(0.000054m);
        json.GetProperty("always_top").GetProperty("accuracy").GetDouble().Should().Be(0.8);
        json.GetProperty("always_top").GetProperty("cost_usd").GetDecimal().Should().Be(0.00127m);
        json.GetProperty("always_cheapest").GetProperty("accuracy").GetDouble().Should().Be(0.6);
        json.GetProperty("always_cheapest").GetProperty("cost_usd").GetDecimal().Should().Be(0.000166m);

        // Mean prompt 82 / 5 = 16.4 -> 16 tokens; mean answer of both tiers 57 / 10 = 5.7 -> 6 tokens.
        // Cheap 16 + 12 = 28, strong 160 + 180 = 340: r* = 1 - 28 / 340 = 0.917647...
        json.GetProperty("break_even_rate").GetDouble().Should().Be(0.917647);
        json.GetProperty("savings_vs_top_pct").GetDouble().Should().Be(45.984252, "(1270 - 686) / 1270 = 45.98%");
    }

    [Fact]
    public async Task The_console_form_prints_the_three_strategies_and_what_each_validator_caught()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big",
            "--validator", "refusal", "--validator", "final-number", "--catalog", catalog, "--price-as", "big=big-listed");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("Replayed 5 recorded prompt(s)").And.Contain("no model was called");
        run.OutLines.Should().Contain(l => l.Contains("cascade", StringComparison.Ordinal) && l.Contains("80.0%", StringComparison.Ordinal) && l.Contains("0.000686", StringComparison.Ordinal));
        run.OutLines.Should().Contain(l => l.Contains("always-cheapest (small)", StringComparison.Ordinal) && l.Contains("60.0%", StringComparison.Ordinal));
        run.OutLines.Should().Contain(l => l.Contains("always-top (big)", StringComparison.Ordinal) && l.Contains("0.00127", StringComparison.Ordinal));
        run.OutLines.Should().Contain(l => l.Contains("escalation rate", StringComparison.Ordinal) && l.Contains("40.0%", StringComparison.Ordinal));
        run.OutLines.Should().Contain(l => l.Contains("saving vs always-top", StringComparison.Ordinal) && l.Contains("46.0%", StringComparison.Ordinal));

        // final-number rejected row 3's right answer; refusal rejected row 4's wrong one.
        run.OutLines.Should().Contain(l => l.StartsWith("│ final-number ", StringComparison.Ordinal) && l.Replace(" ", "", StringComparison.Ordinal).EndsWith("│1│0│1│", StringComparison.Ordinal));
        run.OutLines.Should().Contain(l => l.StartsWith("│ refusal ", StringComparison.Ordinal) && l.Replace(" ", "", StringComparison.Ordinal).EndsWith("│1│1│0│", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RouterBench_cost_columns_replace_token_pricing_and_fractional_quality_is_averaged()
    {
        using var temp = new TempFolder();
        string data = temp.Write("bench.csv", string.Join("\n",
            "sample_id,prompt,eval_name,acme/a,acme/b,acme/a|total_cost,acme/a|model_response,acme/b|total_cost,acme/b|model_response",
            "1,Capital of France?,geo,1.0,1,0.001,Paris is the capital.,0.01,Paris.",
            "2,What is the answer?,misc,0,0.75,0.002,\"As an AI, I cannot say.\",0.02,It is 42.",
            "3,Sky colour?,misc,0.5,True,1e-3,Blue.,0.03,\"Blue, mostly.\"",
            "4,Meaning of life?,misc,False,0.25,0.004,I'm not sure.,0.04,I'm not sure either.") + "\n");

        // The models are in no catalog: recorded costs make prices unnecessary.
        var run = await CliRun.RunAsync("eval-cascade", "--data", data, "--format", "routerbench", "--tiers", "acme/a,acme/b", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        Strings(json.GetProperty("validators")).Should().Equal(["refusal"], "refusal is the only default outside GSM8K data");
        var cascade = json.GetProperty("cascade");

        // Rows 2 and 4 refuse or hedge and escalate; row 4's top answer hedges too but stands as the last tier.
        cascade.GetProperty("accuracy").GetDouble().Should().Be(0.625, "(1 + 0.75 + 0.5 + 0.25) / 4");
        cascade.GetProperty("escalation_rate").GetDouble().Should().Be(0.5);
        cascade.GetProperty("accepted_first_tier_rate").GetDouble().Should().Be(0.5);
        cascade.GetProperty("cost_usd").GetDecimal().Should().Be(0.068m, "0.008 for every cheap call + 0.02 + 0.04");
        cascade.GetProperty("rejected_attempt_cost_usd").GetDecimal().Should().Be(0.006m);
        json.GetProperty("always_top").GetProperty("accuracy").GetDouble().Should().Be(0.75);
        json.GetProperty("always_top").GetProperty("cost_usd").GetDecimal().Should().Be(0.1m);
        json.GetProperty("always_cheapest").GetProperty("accuracy").GetDouble().Should().Be(0.375);
        json.GetProperty("always_cheapest").GetProperty("cost_usd").GetDecimal().Should().Be(0.008m);
        json.GetProperty("break_even_rate").GetDouble().Should().Be(0.92, "1 - 0.008 / 0.1 from the recorded costs");
        json.GetProperty("savings_vs_top_pct").GetDouble().Should().Be(32);
    }

    [Fact]
    public async Task Contaminated_prompts_beside_the_data_are_dropped_and_counted()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);
        temp.WriteLines(
            "contaminated_prompts.jsonl",
            """{"train_prompt":"What is 3 + 3 apples?","eval_prompt":"What is 3+3?"}""",
            "",
            """{"eval_prompt":"A prompt the data does not hold."}""");

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big",
            "--validator", "refusal", "--validator", "final-number", "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        json.GetProperty("n").GetInt32().Should().Be(4);
        json.GetProperty("dropped_contaminated").GetInt32().Should().Be(1);

        // Without row 2 (small wrong, 32 + 170): every answer that counts is right.
        json.GetProperty("cascade").GetProperty("accuracy").GetDouble().Should().Be(1);
        json.GetProperty("cascade").GetProperty("cost_usd").GetDecimal().Should().Be(0.000654m, "686 - 32");
        json.GetProperty("always_cheapest").GetProperty("accuracy").GetDouble().Should().Be(0.75, "small is right on rows 1, 3 and 5, wrong on 4");
        json.GetProperty("always_top").GetProperty("cost_usd").GetDecimal().Should().Be(0.0011m, "1270 - 170");

        var console = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big", "--catalog", catalog, "--price-as", "big=big-listed");
        console.Out.Should().Contain("Dropped 1 contaminated prompt(s)");
    }

    [Fact]
    public async Task Final_number_is_a_default_only_for_GSM8K_data()
    {
        using var temp = new TempFolder();
        string data = temp.Write("mini_gsm8k_responses.csv", CascadeFiles.RouteLlm());
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big", "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        Strings(run.SingleJson().GetProperty("validators")).Should().Equal("refusal", "final-number");
        run.SingleJson().GetProperty("cascade").GetProperty("escalation_rate").GetDouble().Should().Be(0.4);
    }

    [Fact]
    public async Task A_format_validator_takes_a_regular_expression_and_repeated_names_run_once()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big",
            "--validator", @"format:#### \d+$", "--validator", @"format:#### \d+$",
            "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        Strings(json.GetProperty("validators")).Should().Equal(@"format:#### \d+$");

        // Only row 3's small answer fails the pattern; row 4's hedge ends in "#### 6" and passes it (wrongly).
        json.GetProperty("cascade").GetProperty("escalation_rate").GetDouble().Should().Be(0.2);
        json.GetProperty("cascade").GetProperty("accuracy").GetDouble().Should().Be(0.6);
        json.GetProperty("cascade").GetProperty("cost_usd").GetDecimal().Should().Be(0.000456m, "166 + 290");
    }

    [Theory]
    [InlineData("bogus", "--validator 'bogus' is unknown; use one of refusal, final-number, truncation, format:<regex>")]
    [InlineData("format:", "has no pattern")]
    [InlineData("format:(", "not a valid regular expression")]
    public async Task A_bad_validator_name_fails_with_a_message_saying_what_is_valid(string name, string message)
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big",
            "--validator", name, "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().Contain(message);
    }

    [Fact]
    public async Task Truncation_judges_recorded_finish_reasons_and_says_where_none_is_recorded()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", string.Join("\n",
            "prompt,small,big,small_response,big_response,small_finish_reason",
            "What is 2+2?,True,True,#### 4,4,stop",
            "What is 3+3?,False,True,The answer is,6,length") + "\n");
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big",
            "--validator", "truncation", "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().Contain("no finish reason for big").And.NotContain("small,");
        var json = run.SingleJson();
        json.GetProperty("cascade").GetProperty("escalation_rate").GetDouble().Should().Be(0.5);
        json.GetProperty("cascade").GetProperty("accuracy").GetDouble().Should().Be(1);
    }

    [Fact]
    public async Task An_unpriced_tier_fails_with_an_error_naming_the_model()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync("eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big", "--catalog", catalog, "--json");

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().Contain("tier 'big' is not priced").And.Contain("--price-as 'big=CATALOGNAME'");

        var mapped = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big", "--catalog", catalog, "--price-as", "big=nowhere-9", "--json");
        mapped.ExitCode.Should().Be(1);
        mapped.Error.Should().Contain("maps tier 'big' to 'nowhere-9', which is not in the price catalog");
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_line_and_the_other_rows_still_count()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm(
            CascadeFiles.RouteLlmRows[0],                              // lines 2-3
            "What is 3+3?,Maybe,True,\"3+3=7\n#### 7\",6",              // lines 4-5
            "What is 5+5?,True,True,It is 10.",                       // line 6
            "What is 9-4?,False,True,\"I'm not \"sure\", maybe\",x",   // line 7
            CascadeFiles.RouteLlmRows[4]));                            // lines 8-9
        string catalog = temp.Write("prices.json", CascadeFiles.Catalog);

        var run = await CliRun.RunAsync(
            "eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,big", "--catalog", catalog, "--price-as", "big=big-listed", "--json");

        run.ExitCode.Should().Be(1);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        errors.Should().Equal(
            "error: line 4: 'small' should be True or False, found 'Maybe'",
            "error: line 6: has 4 fields, but the header has 5",
            "error: line 7: field 4 has text after its closing quote (a quote inside a quoted field must be doubled)");
        var json = run.SingleJson();
        json.GetProperty("n").GetInt32().Should().Be(2);
        json.GetProperty("cascade").GetProperty("accuracy").GetDouble().Should().Be(1);
        json.GetProperty("always_cheapest").GetProperty("cost_usd").GetDecimal().Should().Be(0.00008m, "32 + 48");
    }

    [Fact]
    public async Task A_tier_missing_from_the_data_fails_naming_the_models_the_file_has()
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());

        var run = await CliRun.RunAsync("eval-cascade", "--data", data, "--format", "routellm", "--tiers", "small,huge");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("no 'huge' column").And.Contain("models in the file: small, big");
    }

    [Theory]
    [InlineData("small")]
    [InlineData("small,small")]
    [InlineData("small,,big")]
    public async Task Tiers_must_list_at_least_two_different_models(string tiers)
    {
        using var temp = new TempFolder();
        string data = temp.Write("answers.csv", CascadeFiles.RouteLlm());

        var run = await CliRun.RunAsync("eval-cascade", "--data", data, "--format", "routellm", "--tiers", tiers);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain($"--tiers '{tiers}'");
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
