using System.Text.Json;
using CostAware.Cli.Replay;

namespace CostAware.Cli.Tests.Replay;

public class ReplayCommandTests
{
    [Fact]
    public async Task Json_mode_prints_exactly_one_object_with_both_runs()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());

        var run = await CliRun.RunAsync("replay", file, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().BeEmpty();
        var json = run.SingleJson();
        json.GetProperty("requests").GetInt32().Should().Be(5);
        json.GetProperty("failed").GetInt32().Should().Be(0);
        var totals = new[] { "baseline", "costaware" }.Select(name => json.GetProperty(name)).Select(t =>
            $"{t.GetProperty("cost_usd").GetDecimal()}|{t.GetProperty("input_tokens").GetInt64()}|{t.GetProperty("cached_input_tokens").GetInt64()}|{t.GetProperty("output_tokens").GetInt64()}");
        // The seeded simulator makes every figure exact. On five requests the orderer's Anthropic breakpoints write a
        // cache that no later request reads, so the CostAware run pays the write premium and costs more.
        totals.Should().Equal("0.02386485|15790|3072|1000", "0.02621535|15790|3072|1000");
        json.GetProperty("savings_pct").GetDecimal().Should().Be(-9.85m);

    }

    [Fact]
    public async Task Token_and_cost_totals_equal_the_sum_of_the_ledger_entries()
    {
        using var temp = new TempFolder();
        string[] lines = Workloads.Mixed();
        string file = temp.WriteLines("requests.jsonl", lines);

        var run = await CliRun.RunAsync("replay", file, "--json", "--seed", "7");
        var json = run.SingleJson();

        var requests = BatchRequestReader.ReadAll(lines, []);
        var settings = ReplaySettings.Load(null);
        settings.Simulator.Seed = 7;
        var engine = new ReplayEngine(PriceCatalog.BuiltIn, settings);
        foreach (var (name, costAware) in new[] { ("baseline", false), ("costaware", true) })
        {
            var result = await engine.SimulateAsync(requests, costAware, progress: null, CancellationToken.None);
            result.Entries.Should().HaveCount(5);
            var totals = json.GetProperty(name);
            totals.GetProperty("input_tokens").GetInt64().Should().Be(result.Entries.Sum(e => e.Usage.InputTokens ?? 0));
            totals.GetProperty("cached_input_tokens").GetInt64().Should().Be(result.Entries.Sum(e => e.Usage.CachedInputTokens ?? 0));
            totals.GetProperty("output_tokens").GetInt64().Should().Be(result.Entries.Sum(e => e.Usage.OutputTokens ?? 0));
            totals.GetProperty("cost_usd").GetDecimal().Should().Be(result.Entries.Sum(e => e.CostUsd ?? 0m));
        }
    }

    [Fact]
    public async Task A_repeated_long_prompt_is_read_from_the_simulated_cache()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "requests.jsonl",
            Workloads.Request("a", "gpt-4o", "First question?"),
            Workloads.Request("b", "gpt-4o", "Second question?"),
            Workloads.Request("c", "gpt-4o", "Third question?"));

        var run = await CliRun.RunAsync("replay", file, "--json");

        run.SingleJson().GetProperty("baseline").GetProperty("cached_input_tokens").GetInt64()
            .Should().BePositive("the second and third requests share a prefix of more than 1,024 tokens with the first");
    }

    [Fact]
    public async Task A_bad_line_is_reported_by_line_number_and_the_others_still_run()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "requests.jsonl",
            Workloads.Request("a", "gpt-4o-mini", "Hello"),
            "{not json",
            """{"custom_id":"c","method":"POST","url":"/v1/chat/completions","body":{"messages":[{"role":"user","content":"hi"}]}}""",
            Workloads.Request("d", "gpt-4o-mini", "Hello again"));

        var run = await CliRun.RunAsync("replay", file, "--json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("line 2: not valid JSON").And.Contain("line 3: 'body.model' is missing");
        var json = run.SingleJson();
        json.GetProperty("requests").GetInt32().Should().Be(2);
        json.GetProperty("failed").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task The_bundled_demo_workload_runs_without_a_file()
    {
        var run = await CliRun.RunAsync("replay", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        json.GetProperty("requests").GetInt32().Should().BeInRange(40, 60);
        json.GetProperty("baseline").GetProperty("cost_by_model").EnumerateObject().Select(p => p.Name)
            .Should().Contain(m => m.StartsWith("claude", StringComparison.Ordinal)).And.Contain(m => m.StartsWith("gpt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_table_reports_both_runs_cost_by_model_and_savings()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());

        var run = await CliRun.RunAsync("replay", file);

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("as written").And.Contain("CostAware").And.Contain("claude-sonnet-4-5")
            .And.Contain("gpt-4o-mini").And.Contain("Savings:");
    }

    [Fact]
    public async Task Report_writes_html_markdown_and_png_charts()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());
        string reportDir = Path.Combine(temp.Path, "report");

        var run = await CliRun.RunAsync("replay", file, "--report", reportDir, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.SingleJson();
        File.ReadAllText(Path.Combine(reportDir, "report.md")).Should().Contain("gpt-4o-mini").And.Contain(ReplayReportWriter.TotalsChart);
        File.ReadAllText(Path.Combine(reportDir, "report.html")).Should().Contain("<table").And.Contain(ReplayReportWriter.CostByModelChart);
        foreach (string png in new[] { ReplayReportWriter.CostByModelChart, ReplayReportWriter.TotalsChart })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(reportDir, png));
            bytes.Length.Should().BeGreaterThan(1000);
            bytes.Take(8).Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        }
    }

    [Fact]
    public void Claude_models_go_to_the_Anthropic_simulator_and_others_to_OpenAI()
    {
        ReplayEngine.SimulatorKeyOf("claude-sonnet-4-5").Should().Be("anthropic");
        ReplayEngine.SimulatorKeyOf("anthropic/claude-3-7-sonnet").Should().Be("anthropic");
        ReplayEngine.SimulatorKeyOf("gpt-4o").Should().Be("openai");
        ReplayEngine.SimulatorKeyOf(null).Should().Be("openai");
    }
}
