using System.Globalization;
using CostAware.Cli.Output;
using Spectre.Console;

namespace CostAware.Cli.Replay;

/// <summary>Writes a replay's outcome as tables for people.</summary>
internal static class ReplayConsoleReport
{
    /// <summary>Writes the comparison of the two runs and the cost per model.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="summary">The replay.</param>
    public static void Write(IAnsiConsole console, ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summary);
        console.MarkupLine($"Provider rules: [bold]{Markup.Escape(RulesText(summary))}[/]");
        var baseline = summary.Baseline.Total;
        var costAware = summary.CostAware.Total;

        var table = new Table().Title("Replay on the provider simulator").AddColumns("", "as written", "CostAware", "difference");
        for (int i = 1; i < 4; i++)
        {
            table.Columns[i].RightAligned();
        }

        table.AddRow("requests", Int(summary.Requests), Int(summary.Requests), "");
        table.AddRow("failed", Int(summary.Baseline.Failures.Count), Int(summary.CostAware.Failures.Count), "");
        AddTokens(table, "input tokens", baseline.Usage.InputTokens ?? 0, costAware.Usage.InputTokens ?? 0);
        AddTokens(table, "  cached input", baseline.Usage.CachedInputTokens ?? 0, costAware.Usage.CachedInputTokens ?? 0);
        table.AddRow(
            "  cached share",
            Percent(ReplaySummary.CachedSharePercent(summary.Baseline)),
            Percent(ReplaySummary.CachedSharePercent(summary.CostAware)),
            "");
        table.AddRow(
            "  cache upper bound",
            DecimalText.Count(summary.CacheUpperBoundTokens),
            DecimalText.Count(summary.CacheUpperBoundTokens),
            "");
        table.AddRow(
            "  cached / bound",
            Percent(summary.CachedOfBoundPercent(summary.Baseline)),
            Percent(summary.CachedOfBoundPercent(summary.CostAware)),
            "");
        AddTokens(table, "  cache writes", baseline.Usage.TotalCacheWriteTokens, costAware.Usage.TotalCacheWriteTokens);
        AddTokens(table, "output tokens", baseline.Usage.OutputTokens ?? 0, costAware.Usage.OutputTokens ?? 0);
        table.AddRow(
            "[bold]cost (USD)[/]",
            "[bold]" + DecimalText.Usd(baseline.CostUsd) + "[/]",
            "[bold]" + DecimalText.Usd(costAware.CostUsd) + "[/]",
            Signed(costAware.CostUsd - baseline.CostUsd));
        console.Write(table);

        var models = new Table().Title("Cost by model (USD)").AddColumns("model", "calls", "as written", "CostAware");
        for (int i = 1; i < 4; i++)
        {
            models.Columns[i].RightAligned();
        }

        foreach (string model in summary.Baseline.Statistics.ByModel.Keys.Union(summary.CostAware.Statistics.ByModel.Keys).Order(StringComparer.Ordinal))
        {
            var b = summary.Baseline.Statistics.ByModel.GetValueOrDefault(model);
            var c = summary.CostAware.Statistics.ByModel.GetValueOrDefault(model);
            models.AddRow(
                Markup.Escape(model.Length == 0 ? "(unknown)" : model),
                Int(b?.Calls ?? c?.Calls ?? 0),
                b is null ? "-" : DecimalText.Format(b.CostUsd),
                c is null ? "-" : DecimalText.Format(c.CostUsd));
        }

        console.Write(models);

        string savings = summary.SavingsPercent is { } pct
            ? DecimalText.Format(pct).ToString(CultureInfo.InvariantCulture) + "%"
            : "n/a (the requests as written cost nothing)";
        console.MarkupLine($"Savings: [bold]{Markup.Escape(savings)}[/]");
        if (summary.Failed > 0)
        {
            console.MarkupLine($"[red]{summary.Failed} line(s) did not replay[/] (see errors).");
        }
    }

    /// <summary>Writes the totals of one run, for a live replay.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="title">The table's title.</param>
    /// <param name="run">The run.</param>
    public static void WriteRun(IAnsiConsole console, string title, ReplayRunResult run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        var table = new Table().Title(Markup.Escape(title)).AddColumns("model", "calls", "failed", "input", "cached input", "output", "cost (USD)");
        for (int i = 1; i < 7; i++)
        {
            table.Columns[i].RightAligned();
        }

        foreach (var (model, t) in run.Statistics.ByModel.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(model.Length == 0 ? "(unknown)" : model),
                Int(t.Calls),
                Int(t.FailedCalls),
                DecimalText.Count(t.Usage.InputTokens ?? 0),
                DecimalText.Count(t.Usage.CachedInputTokens ?? 0),
                DecimalText.Count(t.Usage.OutputTokens ?? 0),
                DecimalText.Format(t.CostUsd));
        }

        var total = run.Total;
        table.AddRow(
            "[bold]total[/]",
            Int(total.Calls),
            Int(total.FailedCalls),
            DecimalText.Count(total.Usage.InputTokens ?? 0),
            DecimalText.Count(total.Usage.CachedInputTokens ?? 0),
            DecimalText.Count(total.Usage.OutputTokens ?? 0),
            "[bold]" + DecimalText.Format(total.CostUsd) + "[/]");
        console.Write(table);
    }

    /// <summary>Describes the provider rules of a replay and the models they mapped.</summary>
    /// <param name="summary">The replay.</param>
    /// <returns>For example <c>anthropic (gpt-4o replayed as claude-sonnet-4-5)</c>.</returns>
    public static string RulesText(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        string rules = summary.Rules == ReplayProviderRules.ByModel ? "each model on its own provider" : summary.Rules;
        return summary.MappedModels.Count == 0
            ? rules
            : $"{rules} ({string.Join(", ", summary.MappedModels.Select(p => $"{p.Key} replayed as {p.Value}"))})";
    }

    private static string Percent(decimal? value) =>
        value is { } pct ? DecimalText.Format(pct) + "%" : "n/a";

    private static void AddTokens(Table table, string label, long baseline, long costAware) =>
        table.AddRow(label, DecimalText.Count(baseline), DecimalText.Count(costAware), Signed(costAware - baseline));

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Signed(long value) =>
        (value > 0 ? "+" : string.Empty) + value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Signed(decimal value) =>
        (value > 0 ? "+$" : value < 0 ? "-$" : "$") + DecimalText.Format(Math.Abs(value));
}
