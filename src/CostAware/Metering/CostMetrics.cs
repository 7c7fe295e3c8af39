using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CostAware;

/// <summary>The meter's OpenTelemetry instruments.</summary>
internal sealed class CostMetrics : IDisposable
{
    private readonly OwnedMeter _meter;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _unpriced;

    public CostMetrics(IMeterFactory? meterFactory)
    {
        _meter = new OwnedMeter(meterFactory);
        _cost = _meter.Meter.CreateCounter<double>(CostAwareTelemetry.CostInstrument, CostAwareTelemetry.CostUnit, "Cost of model calls in US dollars.");
        _tokens = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.TokensInstrument, CostAwareTelemetry.TokenUnit, "Tokens of model calls, by token type.");
        _calls = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.CallsInstrument, CostAwareTelemetry.CallUnit, "Model calls, by outcome.");
        _unpriced = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.UnpricedCallsInstrument, CostAwareTelemetry.CallUnit, "Model calls whose model has no price.");
    }

    public void Record(CostLedgerEntry entry, AttributionDimensions dimensions)
    {
        if (!_calls.Enabled && !_cost.Enabled && !_tokens.Enabled && !_unpriced.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { CostAwareTelemetry.RequestModelTag, entry.RequestedModelId },
            { CostAwareTelemetry.ResponseModelTag, entry.ModelId },
            { CostAwareTelemetry.ProviderTag, entry.Provider },
        };
        var attribution = entry.Attribution;
        AddIf(ref tags, dimensions, AttributionDimensions.Tenant, CostAwareTelemetry.TenantTag, attribution.Tenant);
        AddIf(ref tags, dimensions, AttributionDimensions.Feature, CostAwareTelemetry.FeatureTag, attribution.Feature);
        AddIf(ref tags, dimensions, AttributionDimensions.Route, CostAwareTelemetry.RouteTag, attribution.Route);
        AddIf(ref tags, dimensions, AttributionDimensions.User, CostAwareTelemetry.UserTag, attribution.User);

        if (_calls.Enabled)
        {
            var callTags = tags;
            callTags.Add(CostAwareTelemetry.OutcomeTag, OutcomeName(entry.Outcome));
            _calls.Add(1, callTags);
        }

        if (entry.Cost is { } cost)
        {
            _cost.Add((double)cost.Total, tags);
        }
        else
        {
            _unpriced.Add(1, tags);
        }

        if (_tokens.Enabled)
        {
            var usage = entry.Usage;
            AddTokens(tags, "input", usage.InputTokens is null ? null : usage.UncachedInputTokens);
            AddTokens(tags, "cached_input", usage.CachedInputTokens);
            AddTokens(tags, "cache_write", usage.CacheWriteTokens is null && usage.CacheWrite1HourTokens is null ? null : usage.TotalCacheWriteTokens);
            AddTokens(tags, "output", usage.OutputTokens);
            AddTokens(tags, "reasoning", usage.ReasoningTokens);
        }
    }

    public void Dispose()
    {
        _meter.Dispose();
    }

    private void AddTokens(TagList tags, string type, long? count)
    {
        if (count is > 0)
        {
            tags.Add(CostAwareTelemetry.TokenTypeTag, type);
            _tokens.Add(count.Value, tags);
        }
    }

    private static void AddIf(ref TagList tags, AttributionDimensions enabled, AttributionDimensions dimension, string name, string? value)
    {
        if ((enabled & dimension) != 0 && value is not null)
        {
            tags.Add(name, value);
        }
    }

    private static string OutcomeName(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Succeeded => "succeeded",
        CallOutcome.Failed => "failed",
        _ => "cancelled",
    };
}
