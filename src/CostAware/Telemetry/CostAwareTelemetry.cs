namespace CostAware;

/// <summary>The names CostAware uses for its OpenTelemetry meter, instruments and tags.</summary>
/// <remarks>Tag names follow the OpenTelemetry GenAI semantic conventions where they exist (<c>gen_ai.*</c>);
/// the rest are <c>costaware.*</c>.</remarks>
public static class CostAwareTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>CostAware</c>.</summary>
    public const string MeterName = "CostAware";

    /// <summary>The cost counter, in US dollars.</summary>
    public const string CostInstrument = "costaware.cost";

    /// <summary>The token counter, tagged by <see cref="TokenTypeTag"/>.</summary>
    public const string TokensInstrument = "costaware.tokens";

    /// <summary>The call counter, tagged by <see cref="OutcomeTag"/>.</summary>
    public const string CallsInstrument = "costaware.calls";

    /// <summary>The counter of calls to models the catalog does not price.</summary>
    public const string UnpricedCallsInstrument = "costaware.calls.unpriced";

    /// <summary>The counter of prompt tokens the provider reported, by route, for requests through the prefix orderer.</summary>
    public const string PromptCacheInputTokensInstrument = "costaware.prompt_cache.input_tokens";

    /// <summary>The counter of cached prompt tokens the provider reported, by route; divided by
    /// <see cref="PromptCacheInputTokensInstrument"/> it gives the cache-read ratio.</summary>
    public const string PromptCacheCachedTokensInstrument = "costaware.prompt_cache.cached_tokens";

    /// <summary>The histogram of stable-prefix tokens per request, by route.</summary>
    public const string StablePrefixTokensInstrument = "costaware.prompt_cache.stable_prefix_tokens";

    /// <summary>The counter of volatile content found in stable regions, by route and <see cref="VolatileKindTag"/>.</summary>
    public const string VolatileFindingsInstrument = "costaware.prompt_cache.volatile_findings";

    /// <summary>The kind of volatile content (see <see cref="VolatileKind"/>), in lower case.</summary>
    public const string VolatileKindTag = "costaware.volatile.kind";

    /// <summary>The counter of requests through the escalator, by <see cref="EscalationKeyTag"/> and
    /// <see cref="OutcomeTag"/> (<c>accepted_first_tier</c>, <c>escalated</c>, <c>bypassed</c>, <c>exhausted</c>).</summary>
    public const string EscalationRequestsInstrument = "costaware.escalation.requests";

    /// <summary>The counter of tier attempts, by <see cref="TierTag"/> and <see cref="OutcomeTag"/>
    /// (<c>accepted</c>, <c>rejected</c>, <c>failed</c>).</summary>
    public const string EscalationAttemptsInstrument = "costaware.escalation.attempts";

    /// <summary>The gauge of the escalation rate over the statistics window, by <see cref="EscalationKeyTag"/>.</summary>
    public const string EscalationRateInstrument = "costaware.escalation.rate";

    /// <summary>The counter of requests through the tier router, by <see cref="TierTag"/> and
    /// <see cref="RouteReasonTag"/>.</summary>
    public const string RouterRequestsInstrument = "costaware.router.requests";

    /// <summary>The gauge of each tier's share of the requests in the router's statistics window, by
    /// <see cref="TierTag"/>: the realised share, to compare with the calibrated one.</summary>
    public const string RouterTierShareInstrument = "costaware.router.tier_share";

    /// <summary>The counter of requests whose quality floor left out every tier cheaper than the strongest.</summary>
    public const string RouterQualityFloorInstrument = "costaware.router.quality_floor_excluded";

    /// <summary>Why the router chose a tier (see <see cref="RouteReason"/>), in lower case.</summary>
    public const string RouteReasonTag = "costaware.route.reason";

    /// <summary>The escalator's statistics key.</summary>
    public const string EscalationKeyTag = "costaware.escalation.key";

    /// <summary>The tier name.</summary>
    public const string TierTag = "costaware.tier";

    /// <summary>The unit of <see cref="CostInstrument"/>.</summary>
    public const string CostUnit = "USD";

    /// <summary>The unit of <see cref="TokensInstrument"/>.</summary>
    public const string TokenUnit = "{token}";

    /// <summary>The unit of the call counters.</summary>
    public const string CallUnit = "{call}";

    /// <summary>The requested model tag.</summary>
    public const string RequestModelTag = "gen_ai.request.model";

    /// <summary>The responding model tag.</summary>
    public const string ResponseModelTag = "gen_ai.response.model";

    /// <summary>The provider tag.</summary>
    public const string ProviderTag = "gen_ai.provider.name";

    /// <summary>The token type tag: <c>input</c> (uncached), <c>cached_input</c>, <c>cache_write</c>,
    /// <c>output</c>, <c>reasoning</c>.</summary>
    public const string TokenTypeTag = "gen_ai.token.type";

    /// <summary>The outcome tag: <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
    public const string OutcomeTag = "costaware.outcome";

    /// <summary>The tenant tag.</summary>
    public const string TenantTag = "costaware.tenant";

    /// <summary>The feature tag.</summary>
    public const string FeatureTag = "costaware.feature";

    /// <summary>The user tag.</summary>
    public const string UserTag = "costaware.user";

    /// <summary>The route tag.</summary>
    public const string RouteTag = "costaware.route";
}
