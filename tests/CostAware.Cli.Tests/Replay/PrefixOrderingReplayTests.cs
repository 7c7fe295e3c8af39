using System.Text.Json;
using CostAware.Cli.Replay;

namespace CostAware.Cli.Tests.Replay;

public class PrefixOrderingReplayTests
{
    // The stable system message as the simulator counts it: 3 tokens of message overhead, 1 for the role and 3,130
    // for Workloads.LongSystemPrompt (see The_stable_system_message_is_3134_tokens).
    private const int StableSystemTokens = 3134;

    [Theory]
    [InlineData("openai", 2 * 3072)] // 1,024 + 16 × 128 = 3,072 ≤ 3,134 shared tokens, for each warm request.
    [InlineData("anthropic", 2 * StableSystemTokens)] // A breakpoint at the end of the stable system message.
    public async Task A_volatile_first_line_defeats_the_cache_as_written_but_not_through_CostAware(string rules, long expected)
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", VolatileWorkload());

        var run = await CliRun.RunAsync("replay", file, "--json", "--rules", rules);

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        var baseline = json.GetProperty("baseline");
        var costAware = json.GetProperty("costaware");
        baseline.GetProperty("cached_input_tokens").GetInt64().Should().Be(0, "every prompt differs from its first line on");
        costAware.GetProperty("cached_input_tokens").GetInt64().Should().Be(expected);
        baseline.GetProperty("cache_upper_bound_tokens").GetInt64().Should().Be(expected, "the first request is cold; the other two read the stable prefix");
        costAware.GetProperty("cache_upper_bound_tokens").GetInt64().Should().Be(expected);
        costAware.GetProperty("input_tokens").GetInt64().Should().Be(baseline.GetProperty("input_tokens").GetInt64(), "reordering adds or drops no token");
    }

    [Fact]
    public void The_stable_system_message_is_3134_tokens()
    {
        var counter = TiktokenTokenCounter.O200kBase;

        int tokens = 3 + counter.CountTokens("system") + counter.CountTokens(Workloads.LongSystemPrompt);

        tokens.Should().Be(StableSystemTokens);
    }

    [Fact]
    public async Task The_table_shows_the_cached_share_the_bound_and_cached_over_bound()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", VolatileWorkload());

        var run = await CliRun.RunAsync("replay", file, "--rules", "openai");

        run.ExitCode.Should().Be(0, run.Error);
        string[] lines = run.Out.Split('\n');
        lines.Should().ContainSingle(l => l.Contains("cached share", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"cached share\s*│\s*0%\s*│\s*64\.\d\d%");
        lines.Should().ContainSingle(l => l.Contains("cache upper bound", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"cache upper bound\s*│\s*6,144\s*│\s*6,144");
        lines.Should().ContainSingle(l => l.Contains("cached / bound", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"cached / bound\s*│\s*0%\s*│\s*100%");
    }

    [Fact]
    public async Task A_workload_without_a_shared_prefix_has_a_bound_of_zero_and_no_ratio()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "requests.jsonl",
            """{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}}""");

        var run = await CliRun.RunAsync("replay", file, "--json");

        var json = run.SingleJson();
        json.GetProperty("baseline").GetProperty("cache_upper_bound_tokens").GetInt64().Should().Be(0);
        json.GetProperty("costaware").GetProperty("cache_upper_bound_tokens").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task The_config_section_reaches_the_prefix_orderer_and_the_bound_stays_the_same()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", VolatileWorkload());
        string config = temp.Write("config.json", """{ "PrefixOrdering": { "Mode": "ReportOnly" } }""");

        var run = await CliRun.RunAsync("replay", file, "--json", "--rules", "openai", "--config", config);

        run.ExitCode.Should().Be(0, run.Error);
        var costAware = run.SingleJson().GetProperty("costaware");
        costAware.GetProperty("cached_input_tokens").GetInt64().Should().Be(0, "in report-only mode nothing is moved");
        costAware.GetProperty("cache_upper_bound_tokens").GetInt64().Should().Be(2 * 3072);
    }

    [Fact]
    public void Every_bindable_prefix_ordering_option_is_read_from_the_config()
    {
        using var temp = new TempFolder();
        string config = temp.Write("config.json", """
            {
              "PrefixOrdering": {
                "Mode": "ReportOnly",
                "Placement": "EndOfSystemPrompt",
                "SortTools": false,
                "SortDocuments": false,
                "LearnFromTraffic": false,
                "VolatileWarningTokenWindow": 256,
                "StableBlockCacheLifetime": "OneHour"
              }
            }
            """);

        var options = ReplaySettings.Load(new FileInfo(config)).PrefixOrdering;

        options.Mode.Should().Be(PrefixOrderingMode.ReportOnly);
        options.Placement.Should().Be(VolatilePlacement.EndOfSystemPrompt);
        options.SortTools.Should().BeFalse();
        options.SortDocuments.Should().BeFalse();
        options.LearnFromTraffic.Should().BeFalse();
        options.VolatileWarningTokenWindow.Should().Be(256);
        options.StableBlockCacheLifetime.Should().Be(PromptCacheLifetime.OneHour);
    }

    [Theory]
    [InlineData("""{ "PrefixOrdering": { "Placment": "CurrentTurn" } }""", "'Placment'")]
    [InlineData("""{ "PrefixOrdering": { "RouteSelector": "x" } }""", "'RouteSelector'")]
    [InlineData("""{ "PrefixOrdering": { "CacheHintWriters": [ "x" ] } }""", "'CacheHintWriters'")]
    [InlineData("""{ "PrefixOrdering": { "Mode": "Shuffle" } }""", "Shuffle")]
    [InlineData("""{ "PrefixOrdering": { "VolatileWarningTokenWindow": -1 } }""", "VolatileWarningTokenWindow must be zero or more")]
    public async Task A_key_or_value_the_prefix_orderer_cannot_take_is_an_error_that_names_it(string json, string named)
    {
        using var temp = new TempFolder();
        string config = temp.Write("config.json", json);

        var run = await CliRun.RunAsync("replay", "--config", config, "--json");

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().Contain("PrefixOrdering").And.Contain(named);
    }

    [Fact]
    public void The_defaults_are_the_prefix_orderers_own()
    {
        var options = ReplaySettings.Load(null).PrefixOrdering;

        options.Mode.Should().Be(PrefixOrderingMode.Reorder);
        options.Placement.Should().Be(VolatilePlacement.CurrentTurn);
        options.VolatileWarningTokenWindow.Should().Be(PrefixOrderingOptions.DefaultVolatileWarningTokenWindow);
    }

    private static string[] VolatileWorkload() =>
    [
        VolatileRequest("a", "09:00:00", "What is the refund window?"),
        VolatileRequest("b", "09:00:41", "How do I add a second user?"),
        VolatileRequest("c", "09:01:17", "Can I export my files?"),
    ];

    private static string VolatileRequest(string id, string time, string user)
    {
        var body = new
        {
            model = "gpt-4o",
            max_tokens = 200,
            messages = new object[]
            {
                new { role = "system", content = $"Request time: 2026-03-02T{time}Z.\n{Workloads.LongSystemPrompt}" },
                new { role = "user", content = user },
            },
        };
        return JsonSerializer.Serialize(new { custom_id = id, method = "POST", url = "/v1/chat/completions", body });
    }
}
