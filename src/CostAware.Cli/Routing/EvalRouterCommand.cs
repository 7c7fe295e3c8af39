using System.CommandLine;
using System.Diagnostics;

namespace CostAware.Cli.Routing;

/// <summary>The <c>costaware eval-router</c> command: replays labelled data and scores a difficulty router between a
/// weak and a strong model as the RouteLLM paper does (APGR, CPT, the share and saving at 95% of the strong model's
/// quality), beside the random and oracle routers.</summary>
internal static class EvalRouterCommand
{
    /// <summary>The number of cross-validation folds when none is given.</summary>
    public const int DefaultFolds = 5;

    /// <summary>The seed when none is given.</summary>
    public const int DefaultSeed = 42;

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes, and how it creates embedding generators.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var data = new Option<FileInfo>("--data")
        {
            Description = "The labelled data: RouteLLM or RouterBench CSV, or MT-Bench judgments (JSONL, with question.jsonl beside it). " +
                          "A contaminated_prompts.jsonl beside it lists prompts to remove.",
            HelpName = "FILE",
            Required = true,
        };
        var format = new Option<string>("--format") { Description = "The data's layout.", Required = true };
        format.AcceptOnlyFromAmong(RouterDataFormat.RouteLlm, RouterDataFormat.RouterBench, RouterDataFormat.MtBench);
        var strong = new Option<string>("--strong")
        {
            Description = "The strong (expensive) model, as the data names it; also its name in the price catalog.",
            HelpName = "MODEL",
            Required = true,
        };
        var weak = new Option<string>("--weak")
        {
            Description = "The weak (cheap) model, as the data names it; also its name in the price catalog.",
            HelpName = "MODEL",
            Required = true,
        };
        var classifier = new Option<string>("--classifier")
        {
            Description = "The router: the heuristic difficulty classifier, the embedding classifier (local all-MiniLM-L6-v2, " +
                          "trained by k-fold cross-validation on the data's labels), or random scores.",
            Required = true,
        };
        classifier.AcceptOnlyFromAmong(RouterClassifiers.Heuristic, RouterClassifiers.Embedding, RouterClassifiers.Random);
        var folds = new Option<int>("--folds")
        {
            Description = "The number of cross-validation folds of a learned classifier.",
            DefaultValueFactory = static _ => DefaultFolds,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "The seed of the fold shuffle and of the random router's scores.",
            DefaultValueFactory = static _ => DefaultSeed,
        };
        var priceAs = new Option<string[]>("--price-as")
        {
            Description = "Price a model as a catalog entry, for example " +
                          "'mistralai/Mixtral-8x7B-Instruct-v0.1=together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1'; repeatable.",
            HelpName = "MODEL=CATALOGNAME",
        };
        var catalog = CatalogOption.Create();
        var plot = new Option<FileInfo?>("--plot") { Description = "Draw the quality curves to this PNG file.", HelpName = "FILE.png" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the results and nothing else." };

        var command = new Command(
            "eval-router",
            "Score a router between a weak and a strong model on labelled data as the RouteLLM paper does (APGR, CPT, share and saving at 95% quality), beside the random and oracle routers; no model is called.")
        {
            data, format, strong, weak, classifier, folds, seed, catalog, priceAs, plot, json,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            new EvalRouterArguments
            {
                Data = parseResult.GetRequiredValue(data),
                Format = parseResult.GetRequiredValue(format),
                Strong = parseResult.GetRequiredValue(strong).Trim(),
                Weak = parseResult.GetRequiredValue(weak).Trim(),
                Classifier = parseResult.GetRequiredValue(classifier),
                Folds = parseResult.GetValue(folds),
                Seed = parseResult.GetValue(seed),
                Catalog = parseResult.GetValue(catalog),
                PriceAs = parseResult.GetValue(priceAs) ?? [],
                Plot = parseResult.GetValue(plot),
                Json = parseResult.GetValue(json),
            },
            cancellationToken));
        return command;
    }

    /// <summary>Runs the evaluation.</summary>
    /// <param name="context">Where to write.</param>
    /// <param name="arguments">The command line.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>0 on success; bad input throws <see cref="CliException"/>, which the caller turns into exit code 1.</returns>
    public static async Task<int> RunAsync(CliContext context, EvalRouterArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);

        if (arguments.Plot is { } plotFile && !plotFile.Name.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"--plot '{plotFile}' should name a .png file.");
        }

        var priceAs = Cascade.TierPricing.ParseMappings(arguments.PriceAs, [arguments.Weak, arguments.Strong]);
        var priceCatalog = CatalogOption.Load(arguments.Catalog);
        var data = RouterDataReader.Read(arguments.Data, arguments.Format, arguments.Weak, arguments.Strong);
        var rows = data.Rows;
        if (rows.Count == 0)
        {
            throw new CliException($"no prompt of '{arguments.Data.FullName}' is left to score.");
        }

        var costs = RouterCosts.Compute(rows, arguments.Weak, arguments.Strong, priceCatalog, priceAs, TiktokenTokenCounter.O200kBase);
        var evaluation = new RouterEvaluation(
            [.. rows.Select(static r => r.Weak.Quality)],
            [.. rows.Select(static r => r.Strong.Quality)],
            costs.Weak,
            costs.Strong);

        bool learned = arguments.Classifier == RouterClassifiers.Embedding;
        var watch = Stopwatch.StartNew();
        if (learned && context.IsTerminal && !arguments.Json)
        {
            await context.Error.WriteLineAsync(
                $"Embedding {rows.Count} prompt(s) once and training {arguments.Folds} fold(s)...").ConfigureAwait(false);
        }

        double[] scores = await RouterClassifiers.ScoreAsync(
            arguments.Classifier, rows, arguments.Folds, arguments.Seed, context.CreateEmbeddingGenerator, cancellationToken).ConfigureAwait(false);

        var report = new RouterReport
        {
            Count = rows.Count,
            RemovedContaminated = data.RemovedContaminated,
            Skipped = data.Skipped,
            Classifier = arguments.Classifier,
            Folds = learned ? arguments.Folds : null,
            Weak = arguments.Weak,
            Strong = arguments.Strong,
            WeakQuality = evaluation.WeakQuality,
            StrongQuality = evaluation.StrongQuality,
            QualityIsShare = data.QualityIsShare,
            Router = evaluation.Router(scores),
            Random = evaluation.Random(),
            Oracle = evaluation.Oracle(),
            SavingFromCost = evaluation.HasCosts,
            CostBasis = costs.Basis,
            WeakCostUsd = evaluation.WeakCostUsd,
            StrongCostUsd = evaluation.StrongCostUsd,
        };

        if (arguments.Plot is { } plot)
        {
            RouterPlot.Draw(plot.FullName, report);
        }

        if (arguments.Json)
        {
            await context.Out.WriteLineAsync(RouterReportWriter.ToJson(report)).ConfigureAwait(false);
        }
        else
        {
            RouterReportWriter.WriteConsole(context.Console, arguments.Data.Name, report);
            if (arguments.Plot is { } written)
            {
                await context.Out.WriteLineAsync($"Plot written to {written.FullName}.").ConfigureAwait(false);
            }

            if (learned && context.IsTerminal)
            {
                await context.Error.WriteLineAsync($"Scored in {watch.Elapsed.TotalSeconds:0.0} s.").ConfigureAwait(false);
            }
        }

        return ExitCodes.Succeeded;
    }
}

/// <summary>The command line of <c>eval-router</c>.</summary>
internal sealed record EvalRouterArguments
{
    /// <summary>Gets the data file.</summary>
    public required FileInfo Data { get; init; }

    /// <summary>Gets the data's layout, a <see cref="RouterDataFormat"/> constant.</summary>
    public required string Format { get; init; }

    /// <summary>Gets the strong model's name.</summary>
    public required string Strong { get; init; }

    /// <summary>Gets the weak model's name.</summary>
    public required string Weak { get; init; }

    /// <summary>Gets the classifier's name, a <see cref="RouterClassifiers"/> constant.</summary>
    public required string Classifier { get; init; }

    /// <summary>Gets the number of cross-validation folds.</summary>
    public int Folds { get; init; } = EvalRouterCommand.DefaultFolds;

    /// <summary>Gets the seed of the fold shuffle and the random router.</summary>
    public int Seed { get; init; } = EvalRouterCommand.DefaultSeed;

    /// <summary>Gets the price file layered over the built-in prices.</summary>
    public FileInfo? Catalog { get; init; }

    /// <summary>Gets the <c>MODEL=CATALOGNAME</c> price mappings.</summary>
    public IReadOnlyList<string> PriceAs { get; init; } = [];

    /// <summary>Gets the PNG file to draw the curves to.</summary>
    public FileInfo? Plot { get; init; }

    /// <summary>Gets a value indicating whether to print JSON.</summary>
    public bool Json { get; init; }
}
