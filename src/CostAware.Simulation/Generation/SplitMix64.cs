namespace CostAware.Simulation;

/// <summary>A tiny deterministic generator; <see cref="Random"/> does not promise the same sequence across .NET
/// versions, which would change replays after an upgrade.</summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return StableHash.Mix(_state);
    }

    public int Next(int exclusiveMaximum) => (int)(Next() % (ulong)exclusiveMaximum);
}
