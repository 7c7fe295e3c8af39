namespace CostAware.Simulation;

/// <summary>How long a simulated call takes: a time to first token set by the model's size, then a steady rate of
/// tokens per second.</summary>
internal static class LatencyModel
{
    /// <summary>Gets the time to first token and the generation rate for a model.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="draw">A per-request hash that picks the time to first token within the model's range.</param>
    /// <returns>The time to first token and the tokens per second.</returns>
    public static (TimeSpan TimeToFirstToken, int TokensPerSecond) For(string modelId, ulong draw)
    {
        var (minimumMs, maximumMs, minimumRate, maximumRate) = Profile(modelId);
        int ttftMs = StableHash.Between(draw, minimumMs, maximumMs);

        // The rate is a property of the model, not of the request, so it depends on the name only.
        int rate = StableHash.Between(StableHash.Mix(StableHash.Add(StableHash.Seed, modelId)), minimumRate, maximumRate);
        return (TimeSpan.FromMilliseconds(ttftMs), rate);
    }

    /// <summary>Gets how long generating a number of tokens takes at a rate, in whole milliseconds.</summary>
    /// <remarks>Whole milliseconds, because timer-based clocks such as <c>FakeTimeProvider</c> schedule at that
    /// resolution; a finer latency could fire a fraction of a millisecond early.</remarks>
    public static TimeSpan Generation(int tokens, int tokensPerSecond) =>
        TimeSpan.FromMilliseconds(Math.Round(tokens * 1000.0 / tokensPerSecond, MidpointRounding.AwayFromZero));

    private static (int MinimumMs, int MaximumMs, int MinimumRate, int MaximumRate) Profile(string modelId)
    {
        string id = modelId.ToLowerInvariant();
        if (id.Contains("mini", StringComparison.Ordinal) || id.Contains("nano", StringComparison.Ordinal) ||
            id.Contains("haiku", StringComparison.Ordinal) || id.Contains("flash", StringComparison.Ordinal) ||
            id.Contains("lite", StringComparison.Ordinal))
        {
            return (300, 450, 110, 150);
        }

        if (id.Contains("opus", StringComparison.Ordinal) || id.EndsWith("-pro", StringComparison.Ordinal) ||
            id.StartsWith("o1", StringComparison.Ordinal) || id.StartsWith("o3", StringComparison.Ordinal))
        {
            return (600, 800, 50, 70);
        }

        return (400, 600, 70, 110);
    }
}
