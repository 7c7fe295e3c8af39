namespace CostAware.Cli.Replay;

/// <summary>The most prompt-cache reads a workload can get under a provider's rules: each request reads the longest
/// prefix it shares with any earlier request of the same model, cut to what the provider caches.</summary>
/// <remarks>
/// <para>Requests are added in order. The first request of a prefix reads nothing. A shared prefix is cut by the
/// provider's rules: OpenAI caches 1,024 tokens and then steps of 128; Anthropic caches only up to a breakpoint, so
/// the prefix is cut back to the last content-block boundary inside it, and nothing is read below the model's
/// minimum. Cache expiry is ignored: the bound is what a warm cache would give.</para>
/// <para>Earlier sequences are kept sorted, so the longest prefix shared with any of them is the longer of those
/// shared with its two neighbours in that order; identical sequences are kept once. This type is not
/// thread-safe.</para>
/// </remarks>
internal sealed class CacheUpperBound
{
    private readonly Dictionary<string, List<int[]>> _earlier = new(StringComparer.Ordinal);

    /// <summary>Gets the bound so far: the sum over the requests added.</summary>
    public long TotalTokens { get; private set; }

    /// <summary>Adds the next request and returns what it could read from the cache.</summary>
    /// <param name="model">The model; caches are per model.</param>
    /// <param name="tokens">The prompt's token ids, in the order the provider caches them.</param>
    /// <param name="blockEnds">The offset just past each content block, in non-decreasing order; where an
    /// Anthropic breakpoint could go.</param>
    /// <param name="rules">The provider's caching rules.</param>
    /// <param name="minimumCacheableTokens">The model's minimum cacheable length, where known.</param>
    /// <returns>The tokens this request could read.</returns>
    public int Add(string model, int[] tokens, IReadOnlyList<int> blockEnds, PromptCacheRules rules, int? minimumCacheableTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(blockEnds);
        ArgumentNullException.ThrowIfNull(rules);

        if (!_earlier.TryGetValue(model, out var earlier))
        {
            earlier = [];
            _earlier.Add(model, earlier);
        }

        int index = earlier.BinarySearch(tokens, SequenceComparer.Instance);
        int shared = index >= 0 ? tokens.Length : SharedWithNeighbours(earlier, ~index, tokens);
        if (index < 0)
        {
            earlier.Insert(~index, tokens);
        }

        int cacheable = rules.RequiresBreakpoints
            ? rules.CacheableTokens(LastBlockEndWithin(blockEnds, shared), minimumCacheableTokens)
            : rules.CacheableTokens(shared, minimumCacheableTokens);
        TotalTokens += cacheable;
        return cacheable;
    }

    private static int SharedWithNeighbours(List<int[]> sorted, int position, int[] tokens)
    {
        int shared = 0;
        if (position > 0)
        {
            shared = tokens.AsSpan().CommonPrefixLength(sorted[position - 1]);
        }

        if (position < sorted.Count)
        {
            shared = Math.Max(shared, tokens.AsSpan().CommonPrefixLength(sorted[position]));
        }

        return shared;
    }

    private static int LastBlockEndWithin(IReadOnlyList<int> blockEnds, int length)
    {
        for (int i = blockEnds.Count - 1; i >= 0; i--)
        {
            if (blockEnds[i] <= length)
            {
                return blockEnds[i];
            }
        }

        return 0;
    }

    private sealed class SequenceComparer : IComparer<int[]>
    {
        public static readonly SequenceComparer Instance = new();

        public int Compare(int[]? x, int[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
