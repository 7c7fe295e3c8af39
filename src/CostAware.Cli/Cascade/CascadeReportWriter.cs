using System.Globalization;
using CostAware.Cli.Output;
using Spectre.Console;

namespace CostAware.Cli.Cascade;

/// <summary>Prints a <see cref="CascadeReport"/> as a table or as one JSON object.</summary>
internal static class CascadeReportWriter
{
    /// <summary>Formats the report as a single-line JSON object.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(CascadeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonText.WriteObject(writer =>
        {
            writer.WriteNumber("n", report.Count);
            writer.WriteNumber("dropped_contaminated", report.DroppedContaminated);
            WriteStrings(writer, "tiers", report.Tiers);
            WriteStrings(writer, "validators", report.Validators);

            writer.WriteStartObject("cascade");
            writer.WriteNumber("accuracy", Round(report.Cascade.Accuracy));
            JsonText.WriteDecimalOrNull(writer, "cost_usd", report.Cascade.CostUsd);
            writer.WriteNumber("escalation_rate", Round(report.EscalationRate));
            writer.WriteNumber("accepted_first_tier_rate", Round(report.AcceptedFirstTierRate));
            JsonText.WriteDecimalOrNull(writer, "rejected_attempt_cost_usd", report.RejectedAttemptCostUsd);
            writer.WriteEndObject();

            WriteStrategy(writer, "always_top", report.AlwaysTop);
            WriteStrategy(writer, "always_cheapest", report.AlwaysCheapest);
            WriteNumberOrNull(writer, "break_even_rate", report.BreakEvenRate);
            WriteNumberOrNull(writer, "savings_vs_top_pct", report.SavingsVsTopPercent);
        });
    }

    /// <summary>Prints the report as tables.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="source">The data file's name.</param>
    /// <param name="report">The report.</param>
    public static void WriteConsole(IAnsiConsole console, string source, CascadeReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);

        console.MarkupLine(Invariant(
            $"Replayed [bold]{report.Count}[/] recorded prompt(s) from {Markup.Escape(source)} through {report.Tiers.Count} tiers; no model was called."));
        if (report.DroppedContaminated > 0)
        {
            console.MarkupLine(Invariant($"Dropped {report.DroppedContaminated} contaminated prompt(s) listed in {ContaminatedPrompts.FileName}."));
        }

        console.MarkupLine($"Validators: {Markup.Escape(string.Join(", ", report.Validators))}");

        var strategies = new Table().AddColumns("strategy", "accuracy", "cost (USD)", "per request (USD)", "cost vs always-top");
        foreach (int column in new[] { 1, 2, 3, 4 })
        {
            strategies.Columns[column].RightAligned();
        }

        AddStrategy(strategies, report, "cascade", report.Cascade);
        AddStrategy(strategies, report, $"always-cheapest ({report.Tiers[0]})", report.AlwaysCheapest);
        AddStrategy(strategies, report, $"always-top ({report.Tiers[^1]})", report.AlwaysTop);
        console.Write(strategies);

        var cascade = new Table().AddColumns("cascade", "value");
        cascade.Columns[1].RightAligned();
        cascade.AddRow("escalation rate", Percent(report.EscalationRate));
        cascade.AddRow("accepted at the first tier", Percent(report.AcceptedFirstTierRate));
        for (int i = 0; i < report.Tiers.Count; i++)
        {
            cascade.AddRow(Markup.Escape($"answered by {report.Tiers[i]}"), Count(report.AnsweredByTier[i]));
        }

        cascade.AddRow("every answer rejected (top tier answered)", Count(report.Exhausted));
        cascade.AddRow("cost of rejected attempts", DecimalText.Usd(Math.Round(report.RejectedAttemptCostUsd, 6)));
        cascade.AddRow("break-even escalation rate", report.BreakEvenRate is { } rate ? Percent(rate) : "-");
        cascade.AddRow("  computed from", Markup.Escape(report.BreakEvenBasis));
        cascade.AddRow("saving vs always-top", report.SavingsVsTopPercent is { } saving ? Invariant($"{saving:0.0}%") : "-");
        console.Write(cascade);

        var catches = new Table().AddColumns("validator", "rejected first-tier answers", "of which wrong", "of which right");
        foreach (int column in new[] { 1, 2, 3 })
        {
            catches.Columns[column].RightAligned();
        }

        foreach (var found in report.Catches)
        {
            catches.AddRow(Markup.Escape(found.Name), Count(found.Rejected), Count(found.RejectedWrong), Count(found.Rejected - found.RejectedWrong));
        }

        catches.AddRow("accepted but wrong", Count(report.AcceptedWrong), "", "");
        console.Write(catches);
    }

    private static void AddStrategy(Table table, CascadeReport report, string name, StrategyResult result)
    {
        string versusTop = report.AlwaysTop.CostUsd == 0m
            ? "-"
            : Invariant($"{(double)(result.CostUsd / report.AlwaysTop.CostUsd) * 100:0.0}%");
        table.AddRow(
            Markup.Escape(name),
            Percent(result.Accuracy),
            DecimalText.Format(Math.Round(result.CostUsd, 6)),
            DecimalText.Format(Math.Round(result.CostUsd / report.Count, 8)),
            versusTop);
    }

    private static void WriteStrategy(System.Text.Json.Utf8JsonWriter writer, string name, StrategyResult result)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("accuracy", Round(result.Accuracy));
        JsonText.WriteDecimalOrNull(writer, "cost_usd", result.CostUsd);
        writer.WriteEndObject();
    }

    private static void WriteStrings(System.Text.Json.Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteNumberOrNull(System.Text.Json.Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Round(v));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    // Shares and percentages to six decimals: enough to compare, short enough to read.
    private static double Round(double value) => Math.Round(value, 6);

    private static string Percent(double share) => Invariant($"{share * 100:0.0}%");

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
