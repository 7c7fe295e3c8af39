using System.CommandLine;
using System.Text;

namespace CostAware.Cli.Cascade;

/// <summary>The <c>costaware eval-cascade</c> command: replays recorded benchmark answers through an escalation
/// cascade's validators and compares its accuracy and cost with always calling the cheapest or the top tier.</summary>
internal static class EvalCascadeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var data = new Option<FileInfo>("--data")
        {
            Description = "The recorded answers (CSV). A contaminated_prompts.jsonl beside it lists prompts to drop.",
            HelpName = "FILE",
            Required = true,
        };
        var format = new Option<string>("--format")
        {
            Description = "The data's layout: RouteLLM's CSV or RouterBench's.",
            Required = true,
        };
        format.AcceptOnlyFromAmong(CascadeDataFormat.RouteLlm, CascadeDataFormat.RouterBench);
        var tiers = new Option<string>("--tiers")
        {
            Description = "The models of the cascade, cheapest first, separated by commas; each is a model column of the data.",
            HelpName = "MODEL,MODEL[,MODEL]",
            Required = true,
        };
        var validators = new Option<string[]>("--validator")
        {
            Description = $"A validator every answer must pass ({CascadeValidators.Names}); repeat for more. " +
                          "By default refusal, plus final-number when the data file's name contains 'gsm8k'.",
            HelpName = "NAME",
        };
        var priceAs = new Option<string[]>("--price-as")
        {
            Description = "Price a tier's model as a catalog entry, for example " +
                          "'mistralai/Mixtral-8x7B-Instruct-v0.1=together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1'; repeatable.",
            HelpName = "MODEL=CATALOGNAME",
        };
        var catalog = CatalogOption.Create();
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the results and nothing else." };

        var command = new Command(
            "eval-cascade",
            "Replay recorded answers through an escalation cascade's validators (no model is called) and compare its accuracy and cost with always-cheapest and always-top.")
        {
            data, format, tiers, validators, priceAs, catalog, json,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            new EvalCascadeArguments
            {
                Data = parseResult.GetRequiredValue(data),
                Format = parseResult.GetRequiredValue(format),
                Tiers = parseResult.GetRequiredValue(tiers),
                Validators = parseResult.GetValue(validators) ?? [],
                PriceAs = parseResult.GetValue(priceAs) ?? [],
                Catalog = parseResult.GetValue(catalog),
                Json = parseResult.GetValue(json),
            },
            cancellationToken));
        return command;
    }

    /// <summary>Runs the evaluation.</summary>
    /// <param name="context">Where to write.</param>
    /// <param name="arguments">The command line.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>0 when every row was read, else 1.</returns>
    public static async Task<int> RunAsync(CliContext context, EvalCascadeArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);

        var tiers = ParseTiers(arguments.Tiers);
        var validators = CascadeValidators.Create(arguments.Validators, arguments.Data);
        var priceAs = TierPricing.ParseMappings(arguments.PriceAs, tiers);
        var catalog = CatalogOption.Load(arguments.Catalog);
        var data = ReadData(arguments.Data, arguments.Format, tiers);
        var prices = TierPricing.Resolve(catalog, tiers, priceAs, data.HasRecordedCost);

        foreach (string error in data.Errors)
        {
            await context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
        }

        await WriteTruncationNoteAsync(context, validators, tiers, data).ConfigureAwait(false);

        var contaminated = ContaminatedPrompts.LoadBeside(arguments.Data);
        var rows = data.Rows.Where(r => !contaminated.Contains(r.Prompt)).ToList();
        int dropped = data.Rows.Count - rows.Count;
        if (rows.Count == 0)
        {
            throw new CliException($"no prompt of '{arguments.Data.FullName}' is left to score.");
        }

        var report = await new CascadeEvaluator(tiers, validators, prices).EvaluateAsync(rows, dropped, cancellationToken).ConfigureAwait(false);
        if (arguments.Json)
        {
            await context.Out.WriteLineAsync(CascadeReportWriter.ToJson(report)).ConfigureAwait(false);
        }
        else
        {
            CascadeReportWriter.WriteConsole(context.Console, arguments.Data.Name, report);
        }

        return data.Errors.Count > 0 ? ExitCodes.Failed : ExitCodes.Succeeded;
    }

    private static string[] ParseTiers(string text)
    {
        string[] tiers = [.. text.Split(',').Select(static t => t.Trim())];
        if (tiers.Length < 2 || tiers.Any(static t => t.Length == 0))
        {
            throw new CliException($"--tiers '{text}' should list at least two models, cheapest first, separated by commas.");
        }

        if (tiers.Distinct(StringComparer.Ordinal).Count() != tiers.Length)
        {
            throw new CliException($"--tiers '{text}' names a model twice; each tier must be a different model column.");
        }

        return tiers;
    }

    private static CascadeData ReadData(FileInfo file, string format, IReadOnlyList<string> tiers)
    {
        if (!file.Exists)
        {
            throw new CliException($"data file '{file.FullName}' does not exist.");
        }

        try
        {
            using var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return CascadeDataReader.Read(reader, format, tiers);
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read '{file.FullName}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot read '{file.FullName}': {ex.Message}", ex);
        }
    }

    // Truncation needs the finish reason, which recorded benchmark data rarely keeps; say which tiers it cannot judge.
    private static async Task WriteTruncationNoteAsync(
        CliContext context,
        IReadOnlyList<(string Name, IAnswerValidator Validator)> validators,
        IReadOnlyList<string> tiers,
        CascadeData data)
    {
        if (!validators.Any(static v => v.Name == CascadeValidators.Truncation))
        {
            return;
        }

        var blind = tiers.Where((_, i) => !data.HasFinishReason[i]).ToList();
        if (blind.Count > 0)
        {
            await context.Error.WriteLineAsync(
                $"note: the data records no finish reason for {string.Join(", ", blind)}, so truncation cannot be judged " +
                "there and those answers pass the truncation validator.").ConfigureAwait(false);
        }
    }
}

/// <summary>The command line of <c>eval-cascade</c>.</summary>
internal sealed record EvalCascadeArguments
{
    /// <summary>Gets the data file.</summary>
    public required FileInfo Data { get; init; }

    /// <summary>Gets the data's layout, a <see cref="CascadeDataFormat"/> constant.</summary>
    public required string Format { get; init; }

    /// <summary>Gets the tiers as typed: models separated by commas, cheapest first.</summary>
    public required string Tiers { get; init; }

    /// <summary>Gets the validator names given, or none for the defaults.</summary>
    public IReadOnlyList<string> Validators { get; init; } = [];

    /// <summary>Gets the <c>MODEL=CATALOGNAME</c> price mappings.</summary>
    public IReadOnlyList<string> PriceAs { get; init; } = [];

    /// <summary>Gets the price file layered over the built-in prices.</summary>
    public FileInfo? Catalog { get; init; }

    /// <summary>Gets a value indicating whether to print JSON.</summary>
    public bool Json { get; init; }
}
