namespace CostAware;

/// <summary>
/// The tokens of one model call, normalized across providers. A <see langword="null"/> count is unknown, never zero.
/// </summary>
/// <remarks>
/// <see cref="InputTokens"/> is the whole prompt: uncached input, cache reads and cache writes together, as
/// Microsoft.Extensions.AI reports it. <see cref="ReasoningTokens"/> is part of <see cref="OutputTokens"/>, never added
/// to it.
/// </remarks>
public sealed record TokenUsage
{
    /// <summary>Gets an empty usage with every count unknown.</summary>
    public static TokenUsage Unknown { get; } = new();

    /// <summary>Gets the prompt's tokens: uncached, cache reads and cache writes together.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Gets the prompt tokens read from the provider's cache.</summary>
    public long? CachedInputTokens { get; init; }

    /// <summary>Gets the prompt tokens written to a 5-minute cache (or a cache of unstated lifetime).</summary>
    public long? CacheWriteTokens { get; init; }

    /// <summary>Gets the prompt tokens written to a 1-hour cache.</summary>
    public long? CacheWrite1HourTokens { get; init; }

    /// <summary>Gets the output tokens, reasoning included.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>Gets the reasoning (thinking) tokens, which are part of <see cref="OutputTokens"/>.</summary>
    public long? ReasoningTokens { get; init; }

    /// <summary>Gets the prompt tokens billed at the full input price: the prompt less cache reads and writes.</summary>
    public long UncachedInputTokens =>
        Math.Max(0, (InputTokens ?? 0) - (CachedInputTokens ?? 0) - (CacheWriteTokens ?? 0) - (CacheWrite1HourTokens ?? 0));

    /// <summary>Gets all cache writes, whatever their lifetime.</summary>
    public long TotalCacheWriteTokens => (CacheWriteTokens ?? 0) + (CacheWrite1HourTokens ?? 0);

    /// <summary>Gets the prompt and output tokens together.</summary>
    public long TotalTokens => (InputTokens ?? 0) + (OutputTokens ?? 0);

    /// <summary>Gets a value indicating whether the call reported no counts at all.</summary>
    public bool IsUnknown => InputTokens is null && OutputTokens is null;

    /// <summary>Combines two reports of the same call field by field: a count the later report gives replaces the
    /// earlier one, a count it leaves out keeps the earlier one. The counts are never added.</summary>
    /// <param name="later">The later report.</param>
    /// <returns>The merged usage.</returns>
    public TokenUsage MergeWith(TokenUsage later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return new()
        {
            InputTokens = later.InputTokens ?? InputTokens,
            CachedInputTokens = later.CachedInputTokens ?? CachedInputTokens,
            CacheWriteTokens = later.CacheWriteTokens ?? CacheWriteTokens,
            CacheWrite1HourTokens = later.CacheWrite1HourTokens ?? CacheWrite1HourTokens,
            OutputTokens = later.OutputTokens ?? OutputTokens,
            ReasoningTokens = later.ReasoningTokens ?? ReasoningTokens,
        };
    }

    /// <summary>Adds the usage of another call to this one, for totals. Unknown counts stay unknown only when both
    /// are unknown.</summary>
    /// <param name="other">The other call's usage.</param>
    /// <returns>The sum.</returns>
    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new()
        {
            InputTokens = Sum(InputTokens, other.InputTokens),
            CachedInputTokens = Sum(CachedInputTokens, other.CachedInputTokens),
            CacheWriteTokens = Sum(CacheWriteTokens, other.CacheWriteTokens),
            CacheWrite1HourTokens = Sum(CacheWrite1HourTokens, other.CacheWrite1HourTokens),
            OutputTokens = Sum(OutputTokens, other.OutputTokens),
            ReasoningTokens = Sum(ReasoningTokens, other.ReasoningTokens),
        };
    }

    private static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
