namespace CostAware.Cli.Tests.Replay;

public class OpenAIProviderTests
{
    [Fact]
    public async Task With_yes_requests_go_to_the_endpoint_and_are_priced_from_its_usage()
    {
        using var server = new LoopbackOpenAIServer();
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "requests.jsonl",
            Workloads.Request("a", "gpt-4o", "Where is my order?", tools: true),
            Workloads.Request("b", "gpt-4o", "And my invoice?"));

        var run = await CliRun.RunAsync(Environment(server), "replay", file, "--provider", "openai", "--yes", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().Contain("Estimated cost");
        server.Requests.Should().HaveCount(2);
        server.Requests.Should().OnlyContain(r => r.Path == "/v1/chat/completions" && r.Authorization == "Bearer sk-test-loopback");
        var first = server.Requests.First().Body;
        first.GetProperty("model").GetString().Should().Be("gpt-4o");
        first.GetProperty("messages").GetArrayLength().Should().Be(2);
        first.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString().Should().Be("lookup_order");

        var json = run.SingleJson();
        var actual = json.GetProperty("actual");
        actual.GetProperty("input_tokens").GetInt64().Should().Be(2 * 2006);
        actual.GetProperty("cached_input_tokens").GetInt64().Should().Be(2 * 1920);
        actual.GetProperty("output_tokens").GetInt64().Should().Be(2 * 300);
        actual.GetProperty("cost_usd").GetDecimal().Should().Be(2 * 0.005615m);
        json.GetProperty("estimate").GetProperty("cost_usd").GetDecimal().Should().BePositive();
    }

    [Fact]
    public async Task Without_yes_and_without_an_interactive_input_nothing_is_sent()
    {
        using var server = new LoopbackOpenAIServer();
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Request("a", "gpt-4o", "Hello"));

        var run = await CliRun.RunAsync(Environment(server), "replay", file, "--provider", "openai");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("--yes").And.Contain("not interactive");
        server.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("n", 1, 0)]
    [InlineData("", 1, 0)]
    [InlineData("yes", 0, 1)]
    public async Task On_an_interactive_input_the_answer_decides(string answer, int exitCode, int sent)
    {
        using var server = new LoopbackOpenAIServer();
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Request("a", "gpt-4o", "Hello"));

        var run = await CliRun.RunAsync(Environment(server), new StringReader(answer + "\n"), "replay", file, "--provider", "openai");

        run.ExitCode.Should().Be(exitCode, run.Error);
        run.Error.Should().Contain("Estimated cost").And.Contain("[y/N]");
        server.Requests.Should().HaveCount(sent);
    }

    [Fact]
    public async Task Without_an_api_key_the_command_says_which_variable_to_set()
    {
        var run = await CliRun.RunAsync(_ => null, "replay", "--provider", "openai", "--yes");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("OPENAI_API_KEY");
    }

    private static Func<string, string?> Environment(LoopbackOpenAIServer server) => name => name switch
    {
        "OPENAI_API_KEY" => "sk-test-loopback",
        "OPENAI_BASE_URL" => server.BaseUrl,
        _ => null,
    };
}
