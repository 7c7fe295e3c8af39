namespace CostAware;

/// <summary>One priced model call, as the token meter records it.</summary>
public sealed record CostLedgerEntry
{
    private static readonly string s_processPrefix = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()));
    private static long s_sequence;

    /// <summary>Gets the entry's unique id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets when the call started.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets how long the call took, until its last streamed update.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the model as the response reported it, else as requested.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets the model the request asked for.</summary>
    public string? RequestedModelId { get; init; }

    /// <summary>Gets the provider, for example <c>openai</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the call's tokens.</summary>
    public required TokenUsage Usage { get; init; }

    /// <summary>Gets the cost, or <see langword="null"/> when the model is not in the catalog (unpriced).</summary>
    public CostBreakdown? Cost { get; init; }

    /// <summary>Gets how the model name matched a catalog entry, or <see langword="null"/> when unpriced.</summary>
    public PriceResolution? PriceResolution { get; init; }

    /// <summary>Gets who and what the call is billed to.</summary>
    public CostAttribution Attribution { get; init; } = CostAttribution.None;

    /// <summary>Gets how the call ended.</summary>
    public CallOutcome Outcome { get; init; }

    /// <summary>Gets a value indicating whether the token counts are an estimate (a cancelled stream that never
    /// reported usage) rather than what the provider reported.</summary>
    public bool IsEstimate { get; init; }

    /// <summary>Gets a value indicating whether the call was streamed.</summary>
    public bool IsStreaming { get; init; }

    /// <summary>Gets a value indicating whether the call was priced at batch rates.</summary>
    public bool IsBatch { get; init; }

    /// <summary>Gets the provider's response id, where it gave one.</summary>
    public string? ResponseId { get; init; }

    /// <summary>Gets the link to the logical request this call was made for (its id, attempt, tier and whether it
    /// was an escalation), when a decorator such as the escalator made several calls for one request.</summary>
    public CallCorrelation? Correlation { get; init; }

    /// <summary>Gets the tier router's decision for the call (tier, score, reason and the tiers left out), or
    /// <see langword="null"/> when no router chose the model.</summary>
    public RouteDecision? RouteDecision { get; init; }

    /// <summary>Gets what went wrong, for a failed call.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the cost in US dollars, or <see langword="null"/> when unpriced.</summary>
    public decimal? CostUsd => Cost?.Total;

    /// <summary>Gets a value indicating whether the model had no price.</summary>
    public bool IsUnpriced => Cost is null;

    /// <summary>Creates an id unique across processes: a random per-process prefix and a sequence number, far cheaper
    /// than a GUID on the hot path.</summary>
    /// <returns>The id.</returns>
    public static string NewId() => $"{s_processPrefix}-{Interlocked.Increment(ref s_sequence):x}";
}
