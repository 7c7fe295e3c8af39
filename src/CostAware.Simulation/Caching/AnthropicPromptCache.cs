namespace CostAware.Simulation;

/// <summary>Anthropic's prompt cache over token ids: only prefixes ending at a cache breakpoint are cached, and only
/// when they reach the model's minimum cacheable length.</summary>
/// <remarks>
/// <para>A request reads the longest live cached prefix that ends at a block boundary no more than
/// <see cref="LookbackBlocks"/> blocks before one of its breakpoints (the API's automatic prefix check), then writes
/// every breakpoint prefix beyond what it read. The tokens between the read and a breakpoint are written with that
/// breakpoint's lifetime. A hit renews the entry's lifetime.</para>
/// <para>Entries are keyed by model, length and prefix hash and checked token by token. This type is
/// thread-safe.</para>
/// </remarks>
internal sealed class AnthropicPromptCache
{
    /// <summary>The most cache breakpoints one request may carry.</summary>
    public const int MaximumBreakpoints = 4;

    /// <summary>How many block boundaries before a breakpoint the API checks for an earlier cached prefix.</summary>
    public const int LookbackBlocks = 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, int Length, ulong Hash), Entry> _entries = [];
    private readonly TimeProvider _clock;
    private DateTimeOffset _nextSweep;

    public AnthropicPromptCache(TimeProvider clock)
    {
        _clock = clock;
        _nextSweep = clock.GetUtcNow() + TimeSpan.FromMinutes(5);
    }

    /// <summary>Reads and writes the cache for one request.</summary>
    /// <param name="model">The model; caches are per model.</param>
    /// <param name="tokens">The request's token ids.</param>
    /// <param name="blockEnds">The offset just past each block, in non-decreasing order.</param>
    /// <param name="breakpoints">The request's breakpoints (at most <see cref="MaximumBreakpoints"/>).</param>
    /// <param name="minimumTokens">The shortest prefix the model caches; shorter breakpoints are ignored
    /// silently.</param>
    /// <returns>The tokens read and written.</returns>
    public PromptCacheUsage Apply(
        string model,
        int[] tokens,
        IReadOnlyList<int> blockEnds,
        IReadOnlyList<CacheBreakpoint> breakpoints,
        int minimumTokens)
    {
        if (breakpoints.Count == 0)
        {
            return default;
        }

        ulong[] hashes = PrefixHashes(tokens, blockEnds);
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            SweepIfDue(now);

            int read = 0;
            Entry? hit = null;
            foreach (var breakpoint in breakpoints)
            {
                int lowest = Math.Max(0, breakpoint.BlockIndex - LookbackBlocks + 1);
                for (int block = breakpoint.BlockIndex; block >= lowest; block--)
                {
                    int length = blockEnds[block];
                    if (length < minimumTokens || length <= read)
                    {
                        break;
                    }

                    if (Find(model, tokens, length, hashes[block], now) is { } entry)
                    {
                        read = length;
                        hit = entry;
                        break;
                    }
                }
            }

            if (hit is not null)
            {
                hit.ExpiresAt = now + hit.Ttl;
            }

            int written = read, write5m = 0, write1h = 0;
            foreach (var breakpoint in breakpoints.OrderBy(b => blockEnds[b.BlockIndex]))
            {
                int length = blockEnds[breakpoint.BlockIndex];
                if (length < minimumTokens)
                {
                    continue;
                }

                if (length > written)
                {
                    if (breakpoint.Ttl >= TimeSpan.FromHours(1))
                    {
                        write1h += length - written;
                    }
                    else
                    {
                        write5m += length - written;
                    }

                    written = length;
                }

                Upsert(model, tokens, length, hashes[breakpoint.BlockIndex], breakpoint.Ttl, now);
            }

            return new PromptCacheUsage(read, write5m, write1h);
        }
    }

    private static ulong[] PrefixHashes(int[] tokens, IReadOnlyList<int> blockEnds)
    {
        var hashes = new ulong[blockEnds.Count];
        ulong hash = StableHash.Seed;
        int hashed = 0;
        for (int block = 0; block < blockEnds.Count; block++)
        {
            for (; hashed < blockEnds[block]; hashed++)
            {
                hash = StableHash.Add(hash, tokens[hashed]);
            }

            hashes[block] = hash;
        }

        return hashes;
    }

    private Entry? Find(string model, int[] tokens, int length, ulong hash, DateTimeOffset now) =>
        _entries.TryGetValue((model, length, hash), out var entry) &&
        now < entry.ExpiresAt &&
        entry.Tokens.AsSpan(0, length).SequenceEqual(tokens.AsSpan(0, length))
            ? entry
            : null;

    private void Upsert(string model, int[] tokens, int length, ulong hash, TimeSpan ttl, DateTimeOffset now)
    {
        if (Find(model, tokens, length, hash, now) is { } entry)
        {
            // A live entry keeps the longer of its lifetime and the new one.
            if (now + ttl > entry.ExpiresAt)
            {
                entry.ExpiresAt = now + ttl;
                entry.Ttl = ttl;
            }

            return;
        }

        _entries[(model, length, hash)] = new Entry(tokens, ttl, now + ttl);
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        foreach (var pair in _entries)
        {
            if (now >= pair.Value.ExpiresAt)
            {
                _entries.Remove(pair.Key);
            }
        }

        _nextSweep = now + TimeSpan.FromMinutes(5);
    }

    private sealed class Entry(int[] tokens, TimeSpan ttl, DateTimeOffset expiresAt)
    {
        public int[] Tokens { get; } = tokens;

        public TimeSpan Ttl { get; set; } = ttl;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    }
}
