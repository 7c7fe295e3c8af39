using System.Text.Json;
using CostAware.Cli.Output;

namespace CostAware.Cli.Replay;

/// <summary>Writes a replay's outcome as one JSON object.</summary>
internal static class ReplayJson
{
    /// <summary>Formats a simulated replay: <c>{"requests", "failed", "rules", "model_map", "baseline", "costaware",
    /// "savings_pct"}</c>; each run also carries <c>cache_upper_bound_tokens</c>, the same for both.</summary>
    /// <param name="summary">The replay.</param>
    /// <returns>The JSON text, on one line.</returns>
    public static string Format(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonText.WriteObject(writer =>
        {
            writer.WriteNumber("requests", summary.Requests);
            writer.WriteNumber("failed", summary.Failed);
            writer.WriteString("rules", summary.Rules);
            writer.WriteStartObject("model_map");
            foreach (var (model, mapped) in summary.MappedModels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(model, mapped);
            }

            writer.WriteEndObject();
            WriteRun(writer, "baseline", summary.Baseline, summary.CacheUpperBoundTokens);
            WriteRun(writer, "costaware", summary.CostAware, summary.CacheUpperBoundTokens);
            if (summary.SavingsPercent is { } savings)
            {
                writer.WriteNumber("savings_pct", DecimalText.Normalize(savings));
            }
            else
            {
                writer.WriteNull("savings_pct");
            }
        });
    }

    /// <summary>Formats a replay against a live endpoint: <c>{"requests", "failed", "provider", "endpoint",
    /// "estimate", "actual"}</c>, where <c>estimate</c> is the simulated CostAware run.</summary>
    /// <param name="requests">The requests sent.</param>
    /// <param name="failed">The lines that did not replay.</param>
    /// <param name="endpoint">The endpoint's base address.</param>
    /// <param name="estimate">The simulated run the estimate came from.</param>
    /// <param name="actual">The live run.</param>
    /// <returns>The JSON text, on one line.</returns>
    public static string FormatLive(int requests, int failed, Uri endpoint, ReplayRunResult estimate, ReplayRunResult actual) =>
        JsonText.WriteObject(writer =>
        {
            writer.WriteNumber("requests", requests);
            writer.WriteNumber("failed", failed);
            writer.WriteString("provider", "openai");
            writer.WriteString("endpoint", endpoint.ToString());
            WriteRun(writer, "estimate", estimate);
            WriteRun(writer, "actual", actual);
        });

    private static void WriteRun(Utf8JsonWriter writer, string name, ReplayRunResult run, long? cacheUpperBound = null)
    {
        var total = run.Total;
        writer.WriteStartObject(name);
        writer.WriteNumber("cost_usd", DecimalText.Normalize(total.CostUsd));
        writer.WriteNumber("input_tokens", total.Usage.InputTokens ?? 0);
        writer.WriteNumber("cached_input_tokens", total.Usage.CachedInputTokens ?? 0);
        writer.WriteNumber("cache_write_tokens", total.Usage.TotalCacheWriteTokens);
        if (cacheUpperBound is { } bound)
        {
            writer.WriteNumber("cache_upper_bound_tokens", bound);
        }

        writer.WriteNumber("output_tokens", total.Usage.OutputTokens ?? 0);
        writer.WriteNumber("failed", run.Failures.Count);
        writer.WriteStartObject("cost_by_model");
        foreach (var (model, totals) in run.Statistics.ByModel.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(model.Length == 0 ? "(unknown)" : model, DecimalText.Normalize(totals.CostUsd));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
