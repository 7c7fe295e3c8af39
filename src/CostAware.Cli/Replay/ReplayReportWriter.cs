using System.Globalization;
using System.Net;
using System.Text;
using CostAware.Cli.Output;
using ScottPlot;

namespace CostAware.Cli.Replay;

/// <summary>Writes a replay's outcome to a folder: <c>report.md</c>, <c>report.html</c> and PNG charts.</summary>
internal static class ReplayReportWriter
{
    /// <summary>The chart of each run's cost by model and kind of token.</summary>
    public const string CostByModelChart = "cost-by-model.png";

    /// <summary>The chart of the two runs' total cost side by side.</summary>
    public const string TotalsChart = "baseline-vs-costaware.png";

    private static readonly (string Name, Func<CostBreakdown, decimal> Cost, Color Color)[] s_tokenKinds =
    [
        ("uncached input", c => c.Input, new Color(0x1f, 0x77, 0xb4)),
        ("cached input", c => c.CachedInput, new Color(0x2c, 0xa0, 0x2c)),
        ("cache writes", c => c.CacheWrite, new Color(0xff, 0x7f, 0x0e)),
        ("output", c => c.Output + c.Reasoning, new Color(0xd6, 0x27, 0x28)),
    ];

    /// <summary>Writes the report files, creating the folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="summary">The replay.</param>
    /// <param name="source">What was replayed, such as the workload's file name.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(DirectoryInfo directory, ReplaySummary summary, string source)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(summary);
        try
        {
            directory.Create();
            string costByModel = Path.Combine(directory.FullName, CostByModelChart);
            string totals = Path.Combine(directory.FullName, TotalsChart);
            DrawCostByModel(summary, costByModel);
            DrawTotals(summary, totals);

            string markdown = Path.Combine(directory.FullName, "report.md");
            string html = Path.Combine(directory.FullName, "report.html");
            File.WriteAllText(markdown, Markdown(summary, source));
            File.WriteAllText(html, Html(summary, source));
            return [markdown, html, costByModel, totals];
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot write the report to '{directory.FullName}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot write the report to '{directory.FullName}': {ex.Message}", ex);
        }
    }

    private static List<string> Models(ReplaySummary summary) =>
        [.. summary.Baseline.Statistics.ByModel.Keys.Union(summary.CostAware.Statistics.ByModel.Keys).Order(StringComparer.Ordinal)];

    private static void DrawCostByModel(ReplaySummary summary, string path)
    {
        var plot = new Plot();
        var models = Models(summary);
        var positions = new List<double>();
        var labels = new List<string>();
        double x = 0;
        foreach (string model in models)
        {
            foreach (var run in new[] { summary.Baseline, summary.CostAware })
            {
                var cost = run.Statistics.ByModel.GetValueOrDefault(model)?.Cost ?? CostBreakdown.Zero;
                double bottom = 0;
                foreach (var (_, part, color) in s_tokenKinds)
                {
                    double value = (double)part(cost);
                    plot.Add.Bar(new Bar { Position = x, ValueBase = bottom, Value = bottom + value, FillColor = color, Size = 0.8 });
                    bottom += value;
                }

                positions.Add(x);
                labels.Add($"{Label(model)}\n{(run == summary.Baseline ? "as written" : "CostAware")}");
                x += 1;
            }

            x += 0.6;
        }

        plot.Axes.Bottom.SetTicks([.. positions], [.. labels]);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Cost by model and kind of token");
        plot.YLabel("USD");
        plot.ShowLegend(s_tokenKinds.Select(k => new LegendItem { LabelText = k.Name, FillColor = k.Color }), Alignment.UpperRight);
        plot.SavePng(path, Math.Max(640, 360 * models.Count), 480);
    }

    private static void DrawTotals(ReplaySummary summary, string path)
    {
        var plot = new Plot();
        plot.Add.Bar(new Bar { Position = 0, Value = (double)summary.Baseline.CostUsd, FillColor = new Color(0x7f, 0x7f, 0x7f) });
        plot.Add.Bar(new Bar { Position = 1, Value = (double)summary.CostAware.CostUsd, FillColor = new Color(0x2c, 0xa0, 0x2c) });
        plot.Axes.Bottom.SetTicks([0, 1], ["as written", "CostAware"]);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Total cost: requests as written vs the CostAware pipeline");
        plot.YLabel("USD");
        plot.SavePng(path, 640, 480);
    }

    private static string Label(string model) => model.Length == 0 ? "(unknown)" : model;

    private static List<string[]> Rows(ReplaySummary summary)
    {
        var b = summary.Baseline.Total;
        var c = summary.CostAware.Total;
        return
        [
            ["requests", Int(summary.Requests), Int(summary.Requests)],
            ["failed", Int(summary.Baseline.Failures.Count), Int(summary.CostAware.Failures.Count)],
            ["input tokens", DecimalText.Count(b.Usage.InputTokens ?? 0), DecimalText.Count(c.Usage.InputTokens ?? 0)],
            ["cached input tokens", DecimalText.Count(b.Usage.CachedInputTokens ?? 0), DecimalText.Count(c.Usage.CachedInputTokens ?? 0)],
            ["cached share of input", Percent(ReplaySummary.CachedSharePercent(summary.Baseline)), Percent(ReplaySummary.CachedSharePercent(summary.CostAware))],
            ["cache upper bound (tokens)", DecimalText.Count(summary.CacheUpperBoundTokens), DecimalText.Count(summary.CacheUpperBoundTokens)],
            ["cached / bound", Percent(summary.CachedOfBoundPercent(summary.Baseline)), Percent(summary.CachedOfBoundPercent(summary.CostAware))],
            ["cache write tokens", DecimalText.Count(b.Usage.TotalCacheWriteTokens), DecimalText.Count(c.Usage.TotalCacheWriteTokens)],
            ["output tokens", DecimalText.Count(b.Usage.OutputTokens ?? 0), DecimalText.Count(c.Usage.OutputTokens ?? 0)],
            ["cost (USD)", DecimalText.Format(b.CostUsd), DecimalText.Format(c.CostUsd)],
        ];
    }

    private static List<string[]> ModelRows(ReplaySummary summary) =>
        [.. Models(summary).Select(m => new[]
        {
            Label(m),
            summary.Baseline.Statistics.ByModel.TryGetValue(m, out var b) ? DecimalText.Format(b.CostUsd) : "-",
            summary.CostAware.Statistics.ByModel.TryGetValue(m, out var c) ? DecimalText.Format(c.CostUsd) : "-",
        })];

    private static string Savings(ReplaySummary summary) =>
        summary.SavingsPercent is { } pct ? DecimalText.Format(pct) + "%" : "n/a";

    private static string Markdown(ReplaySummary summary, string source)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# CostAware replay: {source}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Savings: **{Savings(summary)}**\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Provider rules: {ReplayConsoleReport.RulesText(summary)}\n\n");
        text.Append("| | as written | CostAware |\n|---|---:|---:|\n");
        foreach (var row in Rows(summary))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row[0]} | {row[1]} | {row[2]} |\n");
        }

        text.Append("\n## Cost by model (USD)\n\n| model | as written | CostAware |\n|---|---:|---:|\n");
        foreach (var row in ModelRows(summary))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row[0]} | {row[1]} | {row[2]} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n![Cost by model and kind of token]({CostByModelChart})\n\n");
        text.Append(CultureInfo.InvariantCulture, $"![Total cost]({TotalsChart})\n");
        return text.ToString();
    }

    private static string Html(ReplaySummary summary, string source)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var text = new StringBuilder();
        text.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        text.Append(CultureInfo.InvariantCulture, $"<title>CostAware replay: {E(source)}</title>");
        text.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}</style>");
        text.Append("</head><body>\n");
        text.Append(CultureInfo.InvariantCulture, $"<h1>CostAware replay: {E(source)}</h1>\n<p>Savings: <strong>{E(Savings(summary))}</strong></p>\n");
        text.Append(CultureInfo.InvariantCulture, $"<p>Provider rules: {E(ReplayConsoleReport.RulesText(summary))}</p>\n");
        text.Append("<table><tr><th></th><th>as written</th><th>CostAware</th></tr>\n");
        foreach (var row in Rows(summary))
        {
            text.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row[0])}</td><td class=\"n\">{E(row[1])}</td><td class=\"n\">{E(row[2])}</td></tr>\n");
        }

        text.Append("</table>\n<h2>Cost by model (USD)</h2>\n<table><tr><th>model</th><th>as written</th><th>CostAware</th></tr>\n");
        foreach (var row in ModelRows(summary))
        {
            text.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row[0])}</td><td class=\"n\">{E(row[1])}</td><td class=\"n\">{E(row[2])}</td></tr>\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"</table>\n<p><img src=\"{CostByModelChart}\" alt=\"Cost by model and kind of token\"></p>\n");
        text.Append(CultureInfo.InvariantCulture, $"<p><img src=\"{TotalsChart}\" alt=\"Total cost\"></p>\n</body></html>\n");
        return text.ToString();
    }

    private static string Percent(decimal? value) => value is { } pct ? DecimalText.Format(pct) + "%" : "n/a";

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
