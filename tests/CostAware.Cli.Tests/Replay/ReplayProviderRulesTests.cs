using CostAware.Cli.Replay;
using Microsoft.Extensions.AI;

namespace CostAware.Cli.Tests.Replay;

public class ReplayProviderRulesTests
{
    private static readonly IReadOnlyList<ReplayRequest> s_requests =
    [
        Request(1, "gpt-4o-mini"),
        Request(2, "claude-haiku-4-5"),
        Request(3, "gpt-4o"),
        Request(4, "anthropic/claude-3-7-sonnet"),
    ];

    [Fact]
    public void By_default_every_model_runs_as_written()
    {
        var rules = ReplayProviderRules.Create(null, null, null);

        var (requests, mapped) = rules.Apply(s_requests);

        rules.Name.Should().Be("model");
        requests.Should().Equal(s_requests);
        mapped.Should().BeEmpty();
    }

    [Fact]
    public void Anthropic_rules_map_every_non_Claude_model_to_claude_sonnet_4_5_by_default()
    {
        var rules = ReplayProviderRules.Create("anthropic", null, null);

        var (requests, mapped) = rules.Apply(s_requests);

        requests.Select(r => r.Options.ModelId).Should().Equal("claude-sonnet-4-5", "claude-haiku-4-5", "claude-sonnet-4-5", "anthropic/claude-3-7-sonnet");
        requests.Select(r => ReplayEngine.SimulatorKeyOf(r.Options.ModelId)).Should().AllBe("anthropic");
        mapped.Should().Equal(new Dictionary<string, string>
        {
            ["gpt-4o"] = "claude-sonnet-4-5",
            ["gpt-4o-mini"] = "claude-sonnet-4-5",
        });
        s_requests[0].Options.ModelId.Should().Be("gpt-4o-mini", "the requests read are not changed");
    }

    [Fact]
    public void OpenAI_rules_map_every_Claude_model_to_the_chosen_model()
    {
        var rules = ReplayProviderRules.Create("openai", null, "gpt-4o-mini");

        var (requests, mapped) = rules.Apply(s_requests);

        requests.Select(r => r.Options.ModelId).Should().Equal("gpt-4o-mini", "gpt-4o-mini", "gpt-4o", "gpt-4o-mini");
        mapped.Should().Equal(new Dictionary<string, string>
        {
            ["anthropic/claude-3-7-sonnet"] = "gpt-4o-mini",
            ["claude-haiku-4-5"] = "gpt-4o-mini",
        });
    }

    [Theory]
    [InlineData("anthropic", "gpt-4o", null, "--anthropic-model 'gpt-4o' is not a Claude model")]
    [InlineData("openai", null, "claude-sonnet-4-5", "--openai-model 'claude-sonnet-4-5' is a Claude model")]
    [InlineData("gemini", null, null, "--rules 'gemini' is not known")]
    public void A_model_of_the_wrong_provider_is_an_error(string rules, string? anthropicModel, string? openAIModel, string message)
    {
        var create = () => ReplayProviderRules.Create(rules, anthropicModel, openAIModel);

        create.Should().Throw<CliException>().WithMessage(message + "*");
    }

    [Fact]
    public async Task The_replay_runs_under_the_chosen_rules_and_reports_the_mapping()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());

        var run = await CliRun.RunAsync("replay", file, "--json", "--rules", "anthropic", "--anthropic-model", "claude-haiku-4-5");

        run.ExitCode.Should().Be(0, run.Error);
        var json = run.SingleJson();
        json.GetProperty("rules").GetString().Should().Be("anthropic");
        json.GetProperty("model_map").EnumerateObject().Select(p => (p.Name, p.Value.GetString()))
            .Should().Equal(("gpt-4o", "claude-haiku-4-5"), ("gpt-4o-mini", "claude-haiku-4-5"));
        json.GetProperty("costaware").GetProperty("cost_by_model").EnumerateObject().Select(p => p.Name)
            .Should().Equal("claude-haiku-4-5", "claude-sonnet-4-5");
    }

    [Fact]
    public async Task The_table_names_the_rules_and_the_mapping()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());

        var run = await CliRun.RunAsync("replay", file, "--rules", "openai");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("Provider rules: openai (claude-sonnet-4-5 replayed as gpt-4o)");
    }

    [Fact]
    public async Task Unknown_rules_are_refused_by_the_command_line()
    {
        var run = await CliRun.RunAsync("replay", "--rules", "gemini", "--json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("'gemini' not recognized");
    }

    [Fact]
    public async Task Anthropic_rules_are_refused_for_a_real_OpenAI_endpoint()
    {
        var run = await CliRun.RunAsync("replay", "--rules", "anthropic", "--provider", "openai", "--yes", "--json");

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().Contain("--rules anthropic needs the simulator");
    }

    private static ReplayRequest Request(int line, string model) =>
        new(line, $"r{line}", [new ChatMessage(ChatRole.User, "Hello")], new ChatOptions { ModelId = model });
}
