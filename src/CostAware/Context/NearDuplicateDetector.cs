namespace CostAware;

/// <summary>Finds exact and near-duplicate passages: word shingles, MinHash with banded locality-sensitive hashing for
/// candidates, and the exact Jaccard similarity of the candidates' shingle sets to decide.</summary>
internal sealed class NearDuplicateDetector
{
    private const int Bands = 16;
    private const int Rows = 4;
    private const int Hashes = Bands * Rows;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private static readonly ulong[] s_seeds = CreateSeeds();

    private readonly int _shingleSize;
    private readonly double _threshold;

    public NearDuplicateDetector(int shingleSize, double threshold)
    {
        _shingleSize = shingleSize;
        _threshold = threshold;
    }

    /// <summary>Returns the hashes of a text's lower-cased words (runs of letters and digits), computed without
    /// allocating a string per word: the unit of shingles and of exact comparison.</summary>
    public static ulong[] WordHashes(string text)
    {
        var hashes = new List<ulong>(text.Length / 5);
        ulong hash = FnvOffset;
        bool inWord = false;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * FnvPrime;
                inWord = true;
            }
            else if (inWord)
            {
                hashes.Add(hash);
                hash = FnvOffset;
                inWord = false;
            }
        }

        if (inWord)
        {
            hashes.Add(hash);
        }

        return [.. hashes];
    }

    /// <summary>Returns, per passage, the index of the earlier passage it duplicates (or -1), whether exactly, and the
    /// similarity.</summary>
    /// <param name="passages">Each passage's word hashes (<see cref="WordHashes"/>).</param>
    public (int Of, bool Exact, double Similarity)[] Find(IReadOnlyList<ulong[]> passages)
    {
        var result = new (int, bool, double)[passages.Count];
        var exact = new Dictionary<ulong[], int>(WordSequenceComparer.Instance);
        var buckets = new Dictionary<ulong, List<int>>[Bands];
        for (int b = 0; b < Bands; b++)
        {
            buckets[b] = [];
        }

        var shingles = new ulong[passages.Count][];
        var candidates = new HashSet<int>();
        for (int p = 0; p < passages.Count; p++)
        {
            result[p] = (-1, false, 0);
            var key = passages[p];
            if (exact.TryGetValue(key, out int original))
            {
                result[p] = (original, true, 1);
                continue;
            }

            exact[key] = p;
            shingles[p] = Shingles(passages[p]);
            var signature = Signature(shingles[p]);
            var bandKeys = new ulong[Bands];
            candidates.Clear();
            for (int b = 0; b < Bands; b++)
            {
                ulong bandKey = 14695981039346656037UL;
                for (int r = 0; r < Rows; r++)
                {
                    bandKey = Mix(bandKey ^ signature[(b * Rows) + r]);
                }

                bandKeys[b] = bandKey;
                if (buckets[b].TryGetValue(bandKey, out var members))
                {
                    candidates.UnionWith(members);
                }
            }

            int best = -1;
            double bestSimilarity = 0;
            foreach (int candidate in candidates)
            {
                double similarity = Jaccard(shingles[p], shingles[candidate]);
                if (similarity >= _threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && candidate < best)))
                {
                    best = candidate;
                    bestSimilarity = similarity;
                }
            }

            if (best >= 0)
            {
                result[p] = (best, false, bestSimilarity);
                continue;
            }

            // Only kept passages enter the buckets, so a duplicate always points at a kept passage.
            for (int b = 0; b < Bands; b++)
            {
                if (!buckets[b].TryGetValue(bandKeys[b], out var members))
                {
                    buckets[b][bandKeys[b]] = members = [];
                }

                members.Add(p);
            }
        }

        return result;
    }

    /// <summary>The exact Jaccard similarity of two sorted, distinct shingle sets.</summary>
    internal static double Jaccard(ulong[] a, ulong[] b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        int union = a.Length + b.Length - common;
        return union == 0 ? 1 : (double)common / union;
    }

    internal ulong[] Shingles(ulong[] words)
    {
        // A passage shorter than a shingle is one shingle of all its words.
        int count = Math.Max(1, words.Length - _shingleSize + 1);
        var set = new ulong[count];
        for (int s = 0; s < count; s++)
        {
            ulong hash = FnvOffset;
            for (int w = s; w < Math.Min(words.Length, s + _shingleSize); w++)
            {
                hash = Mix(hash ^ words[w]);
            }

            set[s] = hash;
        }

        Array.Sort(set);
        int distinct = set.Length == 0 ? 0 : 1;
        for (int i = 1; i < set.Length; i++)
        {
            if (set[i] != set[distinct - 1])
            {
                set[distinct++] = set[i];
            }
        }

        return distinct == set.Length ? set : set[..distinct];
    }

    private static ulong[] Signature(ulong[] shingles)
    {
        var signature = new ulong[Hashes];
        Array.Fill(signature, ulong.MaxValue);
        foreach (ulong shingle in shingles)
        {
            for (int h = 0; h < Hashes; h++)
            {
                ulong value = Mix(shingle ^ s_seeds[h]);
                if (value < signature[h])
                {
                    signature[h] = value;
                }
            }
        }

        return signature;
    }

    private static ulong Mix(ulong x)
    {
        // The SplitMix64 finalizer: a cheap, well-distributed permutation of 64-bit values.
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }

    private static ulong[] CreateSeeds()
    {
        var seeds = new ulong[Hashes];
        ulong state = 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < Hashes; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = Mix(state);
        }

        return seeds;
    }

    /// <summary>Compares word-hash sequences by value, for exact duplicates.</summary>
    private sealed class WordSequenceComparer : IEqualityComparer<ulong[]>
    {
        public static WordSequenceComparer Instance { get; } = new();

        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] obj)
        {
            ulong hash = FnvOffset;
            foreach (ulong word in obj)
            {
                hash = Mix(hash ^ word);
            }

            return (int)(hash ^ (hash >> 32));
        }
    }
}
