using System.CommandLine;
using CostAware.Cli.Output;
using Spectre.Console;

namespace CostAware.Cli.Replay;

/// <summary>The <c>costaware replay [FILE]</c> command: replays a request log as written and through the CostAware
/// pipeline, and compares what each costs.</summary>
internal static class ReplayCommand
{
    /// <summary>The provider that simulates OpenAI and Anthropic offline.</summary>
    public const string SimulatorProvider = "simulator";

    /// <summary>The provider that sends requests to a real OpenAI-compatible endpoint.</summary>
    public const string OpenAIProvider = "openai";

    /// <summary>The number of requests above which progress is shown on a terminal.</summary>
    private const int ProgressThreshold = 20;

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo?>("FILE")
        {
            Description = "Requests in the OpenAI Batch API input format (JSONL); the bundled demo workload when omitted.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "A JSON file with \"Simulator\", \"TokenMeter\", \"PrefixOrdering\" and \"Replay\" sections.",
            HelpName = "FILE",
        };
        var catalog = CatalogOption.Create();
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the totals and nothing else." };
        var provider = new Option<string>("--provider")
        {
            Description = "Where requests go: the offline simulator, or a real OpenAI-compatible endpoint " +
                          "(OPENAI_API_KEY, optional OPENAI_BASE_URL).",
            DefaultValueFactory = _ => SimulatorProvider,
        };
        provider.AcceptOnlyFromAmong(SimulatorProvider, OpenAIProvider);
        var yes = new Option<bool>("--yes") { Description = "Send requests to a real endpoint without asking." };
        var report = new Option<DirectoryInfo?>("--report")
        {
            Description = "Write report.html, report.md and PNG charts to this folder.",
            HelpName = "DIR",
        };
        var seed = new Option<int?>("--seed") { Description = "The simulator's seed (overrides the config file).", HelpName = "N" };
        var rules = new Option<string?>("--rules")
        {
            Description = "Replay every request under one provider's caching rules: openai or anthropic; models of the " +
                          "other provider are mapped (--openai-model, --anthropic-model). By default each model runs on its own provider.",
        };
        rules.AcceptOnlyFromAmong(ReplayProviderRules.OpenAI, ReplayProviderRules.Anthropic);
        var anthropicModel = new Option<string?>("--anthropic-model")
        {
            Description = $"The Claude model non-Claude requests become under --rules anthropic (default {ReplayProviderRules.DefaultAnthropicModel}).",
            HelpName = "MODEL",
        };
        var openAIModel = new Option<string?>("--openai-model")
        {
            Description = $"The OpenAI model Claude requests become under --rules openai (default {ReplayProviderRules.DefaultOpenAIModel}).",
            HelpName = "MODEL",
        };

        var command = new Command("replay", "Replay a request log on the provider simulator, as written and through CostAware, and compare the cost.")
        {
            file, config, catalog, json, provider, yes, report, seed, rules, anthropicModel, openAIModel,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            new ReplayArguments
            {
                File = parseResult.GetValue(file),
                Config = parseResult.GetValue(config),
                Catalog = parseResult.GetValue(catalog),
                Json = parseResult.GetValue(json),
                Provider = parseResult.GetValue(provider) ?? SimulatorProvider,
                Yes = parseResult.GetValue(yes),
                ReportDirectory = parseResult.GetValue(report),
                Seed = parseResult.GetValue(seed),
                Rules = parseResult.GetValue(rules),
                AnthropicModel = parseResult.GetValue(anthropicModel),
                OpenAIModel = parseResult.GetValue(openAIModel),
            },
            cancellationToken));
        return command;
    }

    /// <summary>Runs a replay.</summary>
    /// <param name="context">Where to write.</param>
    /// <param name="arguments">The command line.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>0 when every line replayed, else 1.</returns>
    public static async Task<int> RunAsync(CliContext context, ReplayArguments arguments, CancellationToken cancellationToken)
    {
        var settings = ReplaySettings.Load(arguments.Config);
        if (arguments.Seed is { } seed)
        {
            settings.Simulator.Seed = seed;
        }

        var rules = ReplayProviderRules.Create(arguments.Rules, arguments.AnthropicModel, arguments.OpenAIModel);
        if (arguments.Provider == OpenAIProvider && rules.Name == ReplayProviderRules.Anthropic)
        {
            throw new CliException("--rules anthropic needs the simulator; --provider openai sends requests to an OpenAI-compatible endpoint.");
        }

        var catalog = CatalogOption.Load(arguments.Catalog);
        string source = arguments.File?.Name ?? DemoWorkload.Name;
        string[] lines = arguments.File is null ? DemoWorkload.ReadLines() : InputFiles.ReadLines(arguments.File);

        var unreadable = new List<string>();
        var (requests, mappedModels) = rules.Apply(BatchRequestReader.ReadAll(lines, unreadable));
        foreach (string error in unreadable)
        {
            await context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
        }

        var engine = new ReplayEngine(catalog, settings);
        if (arguments.Provider == OpenAIProvider)
        {
            return await RunLiveAsync(context, arguments, engine, requests, unreadable.Count, cancellationToken).ConfigureAwait(false);
        }

        var (baseline, costAware) = await WithProgressAsync(
            context,
            arguments.Json,
            requests.Count,
            [("as written", engine, false), ("CostAware", engine, true)],
            requests,
            cancellationToken).ConfigureAwait(false);
        await WriteFailuresAsync(context, baseline).ConfigureAwait(false);
        await WriteFailuresAsync(context, costAware).ConfigureAwait(false);

        var summary = new ReplaySummary(requests.Count, unreadable, baseline, costAware)
        {
            Rules = rules.Name,
            MappedModels = mappedModels,
            CacheUpperBoundTokens = await engine.ComputeCacheUpperBoundAsync(requests, cancellationToken).ConfigureAwait(false),
        };
        if (arguments.Json)
        {
            await context.Out.WriteLineAsync(ReplayJson.Format(summary)).ConfigureAwait(false);
        }
        else
        {
            context.Console.MarkupLine($"Replayed [bold]{requests.Count}[/] request(s) from {Markup.Escape(source)}.");
            ReplayConsoleReport.Write(context.Console, summary);
        }

        if (arguments.ReportDirectory is { } directory)
        {
            var written = ReplayReportWriter.Write(directory, summary, source);
            if (!arguments.Json)
            {
                context.Console.MarkupLine($"Report written to {Markup.Escape(written[1])}");
            }
        }

        return summary.Failed > 0 ? ExitCodes.Failed : ExitCodes.Succeeded;
    }

    private static async Task<int> RunLiveAsync(
        CliContext context,
        ReplayArguments arguments,
        ReplayEngine engine,
        IReadOnlyList<ReplayRequest> requests,
        int unreadable,
        CancellationToken cancellationToken)
    {
        if (arguments.ReportDirectory is not null)
        {
            throw new CliException("--report is only available for simulated replays (--provider simulator).");
        }

        var (apiKey, baseUrl) = OpenAIEndpoint.FromEnvironment(context);
        var estimate = await engine.SimulateAsync(requests, costAware: true, progress: null, cancellationToken).ConfigureAwait(false);
        await context.Error.WriteLineAsync(
            $"Sending {requests.Count} request(s) to {baseUrl} through the CostAware pipeline. Estimated cost: " +
            $"{DecimalText.Usd(estimate.CostUsd)} (from a simulated run; real answers may be longer or shorter).").ConfigureAwait(false);

        if (!arguments.Yes)
        {
            if (context.Input is null)
            {
                await context.Error.WriteLineAsync(
                    "error: refusing to send requests to a real endpoint without confirmation: input is not interactive. " +
                    "Pass --yes to send them.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            await context.Error.WriteAsync("Send them? [y/N] ").ConfigureAwait(false);
            string? answer = await context.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (answer?.Trim().ToUpperInvariant() is not ("Y" or "YES"))
            {
                await context.Error.WriteLineAsync("Cancelled; nothing was sent.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        }

        var actual = await engine.RunLiveAsync(requests, OpenAIEndpoint.CreateModelClients(apiKey, baseUrl), progress: null, cancellationToken)
            .ConfigureAwait(false);
        await WriteFailuresAsync(context, actual).ConfigureAwait(false);

        int failed = unreadable + actual.Failures.Count;
        if (arguments.Json)
        {
            await context.Out.WriteLineAsync(ReplayJson.FormatLive(requests.Count, failed, baseUrl, estimate, actual)).ConfigureAwait(false);
        }
        else
        {
            ReplayConsoleReport.WriteRun(context.Console, "Estimate (simulated CostAware run)", estimate);
            ReplayConsoleReport.WriteRun(context.Console, $"Actual ({baseUrl})", actual);
        }

        return failed > 0 ? ExitCodes.Failed : ExitCodes.Succeeded;
    }

    private static async Task<(ReplayRunResult Baseline, ReplayRunResult CostAware)> WithProgressAsync(
        CliContext context,
        bool json,
        int count,
        (string Label, ReplayEngine Engine, bool CostAware)[] runs,
        IReadOnlyList<ReplayRequest> requests,
        CancellationToken cancellationToken)
    {
        var results = new ReplayRunResult[runs.Length];
        if (!context.IsTerminal || json || count < ProgressThreshold)
        {
            for (int i = 0; i < runs.Length; i++)
            {
                results[i] = await runs[i].Engine.SimulateAsync(requests, runs[i].CostAware, null, cancellationToken).ConfigureAwait(false);
            }

            return (results[0], results[1]);
        }

        await context.Console.Progress().AutoClear(true).StartAsync(async progress =>
        {
            for (int i = 0; i < runs.Length; i++)
            {
                var task = progress.AddTask(runs[i].Label, maxValue: count);
                results[i] = await runs[i].Engine.SimulateAsync(requests, runs[i].CostAware, () => task.Increment(1), cancellationToken)
                    .ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return (results[0], results[1]);
    }

    private static async Task WriteFailuresAsync(CliContext context, ReplayRunResult run)
    {
        foreach (var (line, error) in run.Failures)
        {
            await context.Error.WriteLineAsync($"error: line {line} ({run.Name} run): {error}").ConfigureAwait(false);
        }
    }
}

/// <summary>The command line of <c>costaware replay</c>.</summary>
internal sealed record ReplayArguments
{
    /// <summary>Gets the workload file, or <see langword="null"/> for the bundled demo.</summary>
    public FileInfo? File { get; init; }

    /// <summary>Gets the config file.</summary>
    public FileInfo? Config { get; init; }

    /// <summary>Gets the price file.</summary>
    public FileInfo? Catalog { get; init; }

    /// <summary>Gets a value indicating whether to print JSON.</summary>
    public bool Json { get; init; }

    /// <summary>Gets where requests go: <c>simulator</c> or <c>openai</c>.</summary>
    public string Provider { get; init; } = ReplayCommand.SimulatorProvider;

    /// <summary>Gets a value indicating whether to send to a real endpoint without asking.</summary>
    public bool Yes { get; init; }

    /// <summary>Gets the folder to write a report to.</summary>
    public DirectoryInfo? ReportDirectory { get; init; }

    /// <summary>Gets the simulator's seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Gets the provider rules to replay under (<c>openai</c> or <c>anthropic</c>), or
    /// <see langword="null"/> for each model on its own provider.</summary>
    public string? Rules { get; init; }

    /// <summary>Gets the Claude model non-Claude requests become under <c>anthropic</c> rules.</summary>
    public string? AnthropicModel { get; init; }

    /// <summary>Gets the OpenAI model Claude requests become under <c>openai</c> rules.</summary>
    public string? OpenAIModel { get; init; }
}
