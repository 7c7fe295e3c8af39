namespace CostAware.Simulation;

/// <summary>Process-independent 64-bit hashing; <see cref="string.GetHashCode()"/> is randomized per process and
/// would break determinism across runs.</summary>
internal static class StableHash
{
    public const ulong Seed = 0xCBF29CE484222325UL;

    public static ulong Add(ulong hash, long value) => Mix(hash ^ (ulong)value) + 0x9E3779B97F4A7C15UL;

    public static ulong Add(ulong hash, string value)
    {
        foreach (char c in value)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return Add(hash, value.Length);
    }

    public static ulong Of(params ReadOnlySpan<long> values)
    {
        ulong hash = Seed;
        foreach (long value in values)
        {
            hash = Add(hash, value);
        }

        return Mix(hash);
    }

    /// <summary>The SplitMix64 finalizer: every input bit affects every output bit.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Maps a hash to [0, 1) using its top 53 bits.</summary>
    public static double ToUnit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    /// <summary>Maps a hash to [minimum, maximum].</summary>
    public static int Between(ulong hash, int minimum, int maximum) =>
        minimum + (int)(hash % (ulong)(maximum - minimum + 1));
}
