using System.CommandLine;
using CostAware.Cli.Output;
using Spectre.Console;

namespace CostAware.Cli.Pricing;

/// <summary>The <c>costaware price FILE</c> command: re-prices logged usage.</summary>
internal static class PriceCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "A JSONL usage log: one {\"id\", \"model\", \"provider\", \"batch\", \"usage\"} object per line, " +
                          "usage as the provider's API returned it.",
        };
        var catalog = CatalogOption.Create();
        var json = new Option<bool>("--json") { Description = "Print one JSON object per input line instead of a table." };

        var command = new Command("price", "Re-price logged token usage with the current price catalog.") { file, catalog, json };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetRequiredValue(file),
            parseResult.GetValue(catalog),
            parseResult.GetValue(json),
            cancellationToken));
        return command;
    }

    /// <summary>Prices every line of a file and prints the result.</summary>
    /// <param name="context">Where to write.</param>
    /// <param name="file">The usage log.</param>
    /// <param name="catalogFile">A price file to layer over the built-in prices.</param>
    /// <param name="json">Whether to print JSON lines.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>0 when every line was priced, else 1.</returns>
    public static async Task<int> RunAsync(
        CliContext context,
        FileInfo file,
        FileInfo? catalogFile,
        bool json,
        CancellationToken cancellationToken)
    {
        var pricer = new UsageLinePricer(CatalogOption.Load(catalogFile));
        string[] lines = InputFiles.ReadLines(file);

        var priced = new List<PricedLine>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var line = pricer.Price(i + 1, lines[i]);
            priced.Add(line);
            if (line.Error is not null)
            {
                await context.Error.WriteLineAsync($"error: {line.Error}").ConfigureAwait(false);
            }
        }

        if (json)
        {
            foreach (var line in priced)
            {
                await context.Out.WriteLineAsync(ToJson(line)).ConfigureAwait(false);
            }
        }
        else
        {
            WriteTable(context.Console, priced);
        }

        return priced.Any(l => l.Error is not null) ? ExitCodes.Failed : ExitCodes.Succeeded;
    }

    /// <summary>Formats one priced line as a single-line JSON object.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The JSON text.</returns>
    internal static string ToJson(PricedLine line) => JsonText.WriteObject(writer =>
    {
        var usage = line.Usage;
        JsonText.WriteStringOrNull(writer, "id", line.Id);
        JsonText.WriteStringOrNull(writer, "model", line.Model);
        JsonText.WriteDecimalOrNull(writer, "cost_usd", line.Cost?.Total);
        JsonText.WriteCountOrNull(writer, "input_tokens", usage?.InputTokens);
        JsonText.WriteCountOrNull(writer, "cached_input_tokens", usage?.CachedInputTokens);
        JsonText.WriteCountOrNull(writer, "cache_write_tokens", CacheWrites(usage));
        JsonText.WriteCountOrNull(writer, "output_tokens", usage?.OutputTokens);
        JsonText.WriteCountOrNull(writer, "reasoning_tokens", usage?.ReasoningTokens);
        JsonText.WriteStringOrNull(writer, "error", line.Error);
    });

    private static long? CacheWrites(TokenUsage? usage) =>
        usage is null || (usage.CacheWriteTokens is null && usage.CacheWrite1HourTokens is null) ? null : usage.TotalCacheWriteTokens;

    private static void WriteTable(IAnsiConsole console, List<PricedLine> lines)
    {
        var table = new Table().AddColumns("line", "id", "model", "input", "cached", "cache write", "output", "reasoning", "cost (USD)");
        foreach (int column in new[] { 0, 3, 4, 5, 6, 7, 8 })
        {
            table.Columns[column].RightAligned();
        }

        var total = CostBreakdown.Zero;
        int unpriced = 0;
        foreach (var line in lines)
        {
            var usage = line.Usage;
            string cost = line.Cost is { } c ? DecimalText.Format(c.Total) : "[red]unpriced[/]";
            if (line.Cost is not null)
            {
                total = total.Add(line.Cost);
            }
            else
            {
                unpriced++;
            }

            table.AddRow(
                line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(line.Id ?? "-"),
                Markup.Escape(line.Model ?? "-"),
                DecimalText.Count(usage?.InputTokens),
                DecimalText.Count(usage?.CachedInputTokens),
                DecimalText.Count(CacheWrites(usage)),
                DecimalText.Count(usage?.OutputTokens),
                DecimalText.Count(usage?.ReasoningTokens),
                cost);
        }

        table.AddEmptyRow();
        table.AddRow("", "[bold]total[/]", "", "", "", "", "", "", "[bold]" + DecimalText.Format(total.Total) + "[/]");
        console.Write(table);
        console.MarkupLine(
            $"{lines.Count} line(s), total [bold]{DecimalText.Usd(total.Total)}[/]" +
            (unpriced > 0 ? $"; [red]{unpriced} line(s) not priced[/] (see errors)" : string.Empty));
    }
}
