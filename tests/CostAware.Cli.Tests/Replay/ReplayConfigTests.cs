namespace CostAware.Cli.Tests.Replay;

public class ReplayConfigTests
{
    [Fact]
    public async Task Config_binds_simulator_options_so_failures_are_injected()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());
        string config = temp.Write("config.json", """
            { "Simulator": { "Seed": 3, "ServerErrorFailureRate": 1.0 }, "Replay": { "InterArrivalTime": "00:00:05" } }
            """);

        var run = await CliRun.RunAsync("replay", file, "--config", config, "--json");

        run.ExitCode.Should().Be(1, "every request fails");
        run.Error.Should().Contain("line 1 (baseline run)").And.Contain("500");
        var json = run.SingleJson();
        json.GetProperty("failed").GetInt32().Should().Be(5);
        json.GetProperty("baseline").GetProperty("output_tokens").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Simulated_latency_is_waited_out_in_virtual_time()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());
        string config = temp.Write("config.json", """{ "Simulator": { "SimulateLatency": true } }""");

        var withLatency = await CliRun.RunAsync("replay", file, "--config", config, "--json");
        var without = await CliRun.RunAsync("replay", file, "--json");

        withLatency.ExitCode.Should().Be(0, withLatency.Error);
        withLatency.SingleJson().GetProperty("baseline").GetProperty("output_tokens").GetInt64()
            .Should().Be(without.SingleJson().GetProperty("baseline").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public void Config_values_reach_the_options()
    {
        using var temp = new TempFolder();
        string config = temp.Write("config.json", """
            {
              "Simulator": { "Seed": 42, "OpenAICacheIdleTimeout": "00:10:00", "RateLimitFailureRate": 0.25 },
              "TokenMeter": { "IsBatch": true },
              "Replay": { "InterArrivalTime": "00:00:30" }
            }
            """);

        var settings = CostAware.Cli.Replay.ReplaySettings.Load(new FileInfo(config));

        settings.Simulator.Seed.Should().Be(42);
        settings.Simulator.OpenAICacheIdleTimeout.Should().Be(TimeSpan.FromMinutes(10));
        settings.Simulator.RateLimitFailureRate.Should().Be(0.25);
        settings.TokenMeter.IsBatch.Should().BeTrue();
        settings.Replay.InterArrivalTime.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_unknown_key_is_an_error_that_names_it()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines("requests.jsonl", Workloads.Mixed());
        string config = temp.Write("config.json", """{ "Simulator": { "Seed": 3, "ServerErorFailureRate": 0.5 } }""");

        var run = await CliRun.RunAsync("replay", file, "--config", config, "--json");

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().Contain("ServerErorFailureRate").And.Contain("Simulator");
    }

    [Fact]
    public async Task An_unknown_section_is_an_error_that_names_it()
    {
        using var temp = new TempFolder();
        string config = temp.Write("config.json", """{ "Simulatr": { "Seed": 3 } }""");

        var run = await CliRun.RunAsync("replay", "--config", config, "--json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("'Simulatr'");
    }

    [Fact]
    public async Task The_seed_option_overrides_the_config_and_makes_runs_repeatable()
    {
        using var temp = new TempFolder();
        string file = temp.WriteLines(
            "requests.jsonl",
            [.. Enumerable.Range(1, 20).Select(i => Workloads.Request($"r{i}", "gpt-4o-mini", $"Question {i}?"))]);
        string config = temp.Write("config.json", """{ "Simulator": { "Seed": 1, "ServerErrorFailureRate": 0.5 } }""");

        var first = await CliRun.RunAsync("replay", file, "--config", config, "--json", "--seed", "11");
        var again = await CliRun.RunAsync("replay", file, "--config", config, "--json", "--seed", "11");
        var other = await CliRun.RunAsync("replay", file, "--config", config, "--json", "--seed", "12");

        first.Out.Should().Be(again.Out, "a replay is deterministic for a seed");
        first.Error.Should().Be(again.Error);
        other.Error.Should().NotBe(first.Error, "the seed decides which calls fail");
    }
}
