using System.Text.Json;

namespace CostAware.Cli.Tests.Pricing;

public class PriceCommandTests
{
    private const string Gpt4o =
        """{"id":"a","model":"gpt-4o","provider":"openai","usage":{"prompt_tokens":2006,"prompt_tokens_details":{"cached_tokens":1920},"completion_tokens":300,"total_tokens":2306}}""";

    private const string Opus =
        """{"id":"b","model":"claude-opus-4-1","provider":"anthropic","extra":"ignored","usage":{"input_tokens":21,"cache_creation_input_tokens":188086,"output_tokens":393}}""";

    private const string Sonnet37 =
        """{"id":"c","model":"claude-3-7-sonnet","provider":"anthropic","usage":{"input_tokens":3,"cache_creation_input_tokens":12304,"output_tokens":550}}""";

    [Fact]
    public async Task Json_mode_prices_the_three_reference_calls_exactly()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("usage.jsonl", Gpt4o, Opus, Sonnet37);

        var run = await CliRun.RunAsync("price", file, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().BeEmpty();
        run.OutLines.Should().HaveCount(3);
        run.OutLines[0].Should().Contain("\"cost_usd\":0.005615,");
        run.OutLines[1].Should().Contain("\"cost_usd\":3.5564025,");
        run.OutLines[2].Should().Contain("\"cost_usd\":0.054399,");

        var first = JsonDocument.Parse(run.OutLines[0]).RootElement;
        first.GetProperty("id").GetString().Should().Be("a");
        first.GetProperty("model").GetString().Should().Be("gpt-4o");
        first.GetProperty("cost_usd").GetDecimal().Should().Be(0.005615m);
        first.GetProperty("input_tokens").GetInt64().Should().Be(2006);
        first.GetProperty("cached_input_tokens").GetInt64().Should().Be(1920);
        first.GetProperty("output_tokens").GetInt64().Should().Be(300);
        first.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);

        var opus = JsonDocument.Parse(run.OutLines[1]).RootElement;
        opus.GetProperty("input_tokens").GetInt64().Should().Be(21 + 188086);
        opus.GetProperty("cached_input_tokens").ValueKind.Should().Be(JsonValueKind.Null, "Anthropic did not report cache reads");
        opus.GetProperty("cache_write_tokens").GetInt64().Should().Be(188086);
        opus.GetProperty("cost_usd").GetDecimal().Should().Be(3.5564025m);

        JsonDocument.Parse(run.OutLines[2]).RootElement.GetProperty("cost_usd").GetDecimal().Should().Be(0.054399m);
    }

    [Fact]
    public async Task An_unpriced_model_gets_a_null_cost_and_an_error_and_the_command_fails()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "usage.jsonl",
            Gpt4o,
            """{"id":"x","model":"acme-llm-9000","usage":{"prompt_tokens":10,"completion_tokens":5}}""");

        var run = await CliRun.RunAsync("price", file, "--json");

        run.ExitCode.Should().Be(1);
        run.OutLines.Should().HaveCount(2);
        var unpriced = JsonDocument.Parse(run.OutLines[1]).RootElement;
        unpriced.GetProperty("cost_usd").ValueKind.Should().Be(JsonValueKind.Null);
        unpriced.GetProperty("input_tokens").GetInt64().Should().Be(10);
        unpriced.GetProperty("error").GetString().Should().Contain("line 2").And.Contain("acme-llm-9000");
        run.Error.Should().Contain("line 2").And.Contain("acme-llm-9000");
    }

    [Fact]
    public async Task A_bad_line_is_named_by_its_line_number_and_the_other_lines_still_run()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "usage.jsonl",
            Gpt4o,
            "{\"id\": oops",
            string.Empty,
            """{"id":"d","model":"gpt-4o","usage":{"prompt_tokens":-3,"completion_tokens":1}}""",
            """{"id":"e","model":"gpt-4o"}""",
            Sonnet37);

        var run = await CliRun.RunAsync("price", file, "--json");

        run.ExitCode.Should().Be(1);
        run.OutLines.Should().HaveCount(5, "one JSON line per non-blank input line, in order");
        var errors = run.OutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("error")).ToArray();
        errors[0].ValueKind.Should().Be(JsonValueKind.Null);
        errors[1].GetString().Should().StartWith("line 2: not valid JSON");
        errors[2].GetString().Should().StartWith("line 4: bad usage").And.Contain("prompt_tokens");
        errors[3].GetString().Should().Be("line 5: 'usage' is missing");
        errors[4].ValueKind.Should().Be(JsonValueKind.Null);
        run.OutLines[4].Should().Contain("\"cost_usd\":0.054399,");
        run.Error.Should().Contain("line 2:").And.Contain("line 4:").And.Contain("line 5:");
    }

    [Fact]
    public async Task The_table_shows_each_line_and_the_exact_total()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("usage.jsonl", Gpt4o, Opus, Sonnet37);

        var run = await CliRun.RunAsync("price", file);

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("0.005615").And.Contain("3.5564025").And.Contain("0.054399");
        run.Out.Should().Contain("$3.6164165", "the total is 0.005615 + 3.5564025 + 0.054399");
    }

    [Fact]
    public async Task A_catalog_file_is_layered_over_the_built_in_prices()
    {
        using var temp = new TempFolder();
        string catalog = temp.Write("prices.json", """
            {"models":[{"model":"acme-llm-9000","provider":"acme","input":1.0,"output":2.0}]}
            """);
        string file = temp.WriteLines(
            "usage.jsonl",
            """{"id":"x","model":"acme-llm-9000","usage":{"prompt_tokens":1000000,"completion_tokens":1000000}}""",
            Gpt4o);

        var run = await CliRun.RunAsync("price", file, "--catalog", catalog, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.OutLines[0].Should().Contain("\"cost_usd\":3,");
        run.OutLines[1].Should().Contain("\"cost_usd\":0.005615,", "built-in prices stay available");
    }

    [Fact]
    public async Task A_batch_line_is_priced_at_batch_rates()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "usage.jsonl",
            """{"id":"b","model":"gpt-4o","batch":true,"usage":{"prompt_tokens":1000000,"completion_tokens":1000000}}""");

        var run = await CliRun.RunAsync("price", file, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.OutLines[0].Should().Contain("\"cost_usd\":6.25,", "gpt-4o's batch prices are half of 2.50 and 10.00 per million");
    }

    [Fact]
    public async Task A_missing_input_file_is_a_clear_error()
    {
        var run = await CliRun.RunAsync("price", "/nonexistent/usage.jsonl", "--json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("does not exist");
    }
}
