using System.Globalization;
using System.Text.Json;
using CostAware.Cli.Cascade;
using CostAware.Cli.Output;
using Spectre.Console;

namespace CostAware.Cli.Routing;

/// <summary>Prints a <see cref="RouterReport"/> as tables or as one JSON object.</summary>
internal static class RouterReportWriter
{
    /// <summary>Formats the report as a single-line JSON object.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(RouterReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonText.WriteObject(writer =>
        {
            writer.WriteNumber("n", report.Count);
            WriteMetrics(writer, report.Router);
            writer.WriteStartObject("random");
            WriteMetrics(writer, report.Random);
            writer.WriteEndObject();
            writer.WriteStartObject("oracle");
            WriteMetrics(writer, report.Oracle);
            writer.WriteEndObject();
            writer.WriteString("classifier", report.Classifier);
            writer.WriteNumber("weak_quality", Round(report.WeakQuality));
            writer.WriteNumber("strong_quality", Round(report.StrongQuality));
            writer.WriteNumber("removed_contaminated", report.RemovedContaminated);
            writer.WriteString("saving_basis", report.SavingFromCost ? "cost" : "strong_share");
        });
    }

    /// <summary>Prints the report as tables.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="source">The data file's name.</param>
    /// <param name="report">The report.</param>
    public static void WriteConsole(IAnsiConsole console, string source, RouterReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);

        string folds = report.Folds is { } k ? Invariant($", {k}-fold cross-validated") : "";
        console.MarkupLine(Invariant(
            $"Scored the [bold]{Markup.Escape(report.Classifier)}[/] router{folds} on [bold]{report.Count}[/] labelled prompt(s) from {Markup.Escape(source)}; no model was called."));
        console.MarkupLine(Markup.Escape(Invariant(
            $"Weak {report.Weak}: {Quality(report, report.WeakQuality)}; strong {report.Strong}: {Quality(report, report.StrongQuality)}.")));
        if (report.RemovedContaminated > 0)
        {
            console.MarkupLine(Invariant($"Removed {report.RemovedContaminated} contaminated prompt(s) listed in {ContaminatedPrompts.FileName}."));
        }

        foreach (string skipped in report.Skipped)
        {
            console.MarkupLine($"Left out {Markup.Escape(skipped)}.");
        }

        var curve = new Table().AddColumns("strong share", "router quality", "random", "oracle");
        foreach (int column in new[] { 0, 1, 2, 3 })
        {
            curve.Columns[column].RightAligned();
        }

        for (int percent = 0; percent <= 100; percent += 10)
        {
            double share = percent / 100d;
            curve.AddRow(
                Invariant($"{percent}%"),
                Quality(report, RouterEvaluation.QualityAt(report.Router.Curve, share)),
                Quality(report, RouterEvaluation.QualityAt(report.Random.Curve, share)),
                Quality(report, RouterEvaluation.QualityAt(report.Oracle.Curve, share)));
        }

        console.Write(curve);

        var summary = new Table().AddColumns("metric", "router", "random", "oracle");
        foreach (int column in new[] { 1, 2, 3 })
        {
            summary.Columns[column].RightAligned();
        }

        AddMetric(summary, "APGR", report, static m => m.Apgr.ToString("0.000", CultureInfo.InvariantCulture));
        AddMetric(summary, "CPT(50%): strong share for 50% of the gap", report, static m => Percent(m.Cpt50));
        AddMetric(summary, "CPT(80%): strong share for 80% of the gap", report, static m => Percent(m.Cpt80));
        AddMetric(summary, "strong share for 95% of the strong quality", report, static m => Percent(m.StrongShareAt95));
        AddMetric(summary, "saving vs all-strong at that share", report, static m => Percent(m.SavingAt95));
        console.Write(summary);

        console.MarkupLine(Markup.Escape(report.SavingFromCost
            ? Invariant($"Savings priced from {report.CostBasis}: all-weak ${report.WeakCostUsd:0.######}, all-strong ${report.StrongCostUsd:0.######}.")
            : $"Savings are 1 - strong share: calls cannot be priced because {report.CostBasis}."));
    }

    private static void WriteMetrics(Utf8JsonWriter writer, RouterMetrics metrics)
    {
        writer.WriteNumber("apgr", Round(metrics.Apgr));
        writer.WriteNumber("cpt50", Round(metrics.Cpt50));
        writer.WriteNumber("cpt80", Round(metrics.Cpt80));
        writer.WriteNumber("strong_share_at_95", Round(metrics.StrongShareAt95));
        writer.WriteNumber("saving_at_95", Round(metrics.SavingAt95));
    }

    private static void AddMetric(Table table, string name, RouterReport report, Func<RouterMetrics, string> value) =>
        table.AddRow(Markup.Escape(name), value(report.Router), value(report.Random), value(report.Oracle));

    private static string Quality(RouterReport report, double quality) => report.QualityIsShare
        ? Percent(quality)
        : quality.ToString("0.000", CultureInfo.InvariantCulture);

    // Shares to six decimals: enough to compare, short enough to read.
    private static double Round(double value) => Math.Round(value, 6);

    private static string Percent(double share) => Invariant($"{share * 100:0.0}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
