using System.Collections.Concurrent;

namespace CostAware;

/// <summary>Remembers the tier each conversation was served by, for a while after its last request, bounded in size.</summary>
internal sealed class StickyTiers(TimeProvider time, TimeSpan duration, int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _trimGate = new();

    public bool TryGet(string key, out int tier)
    {
        if (_entries.TryGetValue(key, out var entry) && time.GetTimestamp() < entry.ExpiresAt)
        {
            tier = entry.Tier;
            return true;
        }

        tier = -1;
        return false;
    }

    public void Set(string key, int tier)
    {
        // A duration of centuries would overflow the timestamp arithmetic; it means "never expires".
        double ticks = duration.TotalSeconds * time.TimestampFrequency;
        long now = time.GetTimestamp();
        long expires = ticks >= long.MaxValue - (double)now ? long.MaxValue : now + (long)ticks;
        _entries[key] = new Entry(tier, expires);
        if (_entries.Count > capacity)
        {
            Trim();
        }
    }

    private void Trim()
    {
        lock (_trimGate)
        {
            if (_entries.Count <= capacity)
            {
                return;
            }

            // Forget expired conversations, then the ones closest to expiring (the least recently used), down to 90%.
            long now = time.GetTimestamp();
            var snapshot = _entries.ToArray();
            int keep = capacity * 9 / 10;
            int remaining = snapshot.Length;
            foreach (var (key, entry) in snapshot.OrderBy(static e => e.Value.ExpiresAt))
            {
                if (remaining <= keep && entry.ExpiresAt > now)
                {
                    break;
                }

                if (_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
                {
                    remaining--;
                }
            }
        }
    }

    private readonly record struct Entry(int Tier, long ExpiresAt);
}
