namespace CostAware.Simulation;

/// <summary>OpenAI's automatic prompt cache over token ids: prompts of 1,024 tokens or more are cached in blocks, the
/// first of 1,024 tokens and then every 128 more, and a later prompt of the same model reads the longest live
/// block-aligned prefix it shares exactly.</summary>
/// <remarks>
/// Each block boundary is an entry keyed by the model, the prefix length and a hash of the prefix; a hit is checked
/// token by token, so a hash collision cannot produce a false read. An entry expires after the idle timeout; a hit or
/// a store refreshes it. Entries of shorter prefixes are always refreshed with longer ones, so the first missing
/// boundary ends the match. This type is thread-safe.
/// </remarks>
internal sealed class OpenAIPromptCache
{
    /// <summary>The shortest prompt OpenAI caches.</summary>
    public const int MinimumTokens = 1024;

    /// <summary>The size of each block past the first.</summary>
    public const int BlockTokens = 128;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, int Length, ulong Hash), Entry> _entries = [];
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleTimeout;
    private DateTimeOffset _nextSweep;

    public OpenAIPromptCache(TimeProvider clock, TimeSpan idleTimeout)
    {
        _clock = clock;
        _idleTimeout = idleTimeout;
        _nextSweep = clock.GetUtcNow() + idleTimeout;
    }

    /// <summary>Gets the number of live and not yet swept block entries.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Returns the cached token count for a prompt: 1,024 + 128·k, never more than the prefix it shares
    /// with a live cached prompt of the same model, or 0. A hit refreshes the entries it read.</summary>
    public int Lookup(string model, ReadOnlySpan<int> tokens)
    {
        lock (_gate)
        {
            return LookupCore(model, tokens, _clock.GetUtcNow());
        }
    }

    /// <summary>Caches every block-aligned prefix of a prompt, refreshing those already cached.</summary>
    public void Store(string model, int[] tokens)
    {
        lock (_gate)
        {
            StoreCore(model, tokens, _clock.GetUtcNow());
        }
    }

    /// <summary>Looks a prompt up, then stores it, as one step.</summary>
    public int LookupAndStore(string model, int[] tokens)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            int cached = LookupCore(model, tokens, now);
            StoreCore(model, tokens, now);
            return cached;
        }
    }

    private int LookupCore(string model, ReadOnlySpan<int> tokens, DateTimeOffset now)
    {
        int cached = 0;
        ulong hash = StableHash.Seed;
        int hashed = 0;
        for (int length = MinimumTokens; length <= tokens.Length; length += BlockTokens)
        {
            hash = Extend(hash, tokens[hashed..length]);
            hashed = length;
            if (!_entries.TryGetValue((model, length, hash), out var entry) ||
                now - entry.LastUsed >= _idleTimeout ||
                !entry.Tokens.AsSpan(0, length).SequenceEqual(tokens[..length]))
            {
                break;
            }

            entry.LastUsed = now;
            cached = length;
        }

        return cached;
    }

    private void StoreCore(string model, int[] tokens, DateTimeOffset now)
    {
        SweepIfDue(now);
        ulong hash = StableHash.Seed;
        int hashed = 0;
        for (int length = MinimumTokens; length <= tokens.Length; length += BlockTokens)
        {
            hash = Extend(hash, tokens.AsSpan(hashed, length - hashed));
            hashed = length;
            var key = (model, length, hash);
            if (_entries.TryGetValue(key, out var entry) && entry.Tokens.AsSpan(0, length).SequenceEqual(tokens.AsSpan(0, length)))
            {
                entry.LastUsed = now;
            }
            else
            {
                _entries[key] = new Entry(tokens, now);
            }
        }
    }

    private static ulong Extend(ulong hash, ReadOnlySpan<int> tokens)
    {
        foreach (int token in tokens)
        {
            hash = StableHash.Add(hash, token);
        }

        return hash;
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        foreach (var pair in _entries)
        {
            if (now - pair.Value.LastUsed >= _idleTimeout)
            {
                _entries.Remove(pair.Key);
            }
        }

        _nextSweep = now + _idleTimeout;
    }

    private sealed class Entry(int[] tokens, DateTimeOffset lastUsed)
    {
        public int[] Tokens { get; } = tokens;

        public DateTimeOffset LastUsed { get; set; } = lastUsed;
    }
}
