using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CostAware;

/// <summary>Vectors quantized to 8 bits with one scale per vector (the largest magnitude over 127), and the
/// approximate nearest-neighbour pass of <see cref="EmbeddingDifficultyClassifier"/> over them: a quarter of the bytes
/// of the float rows, so a scan that is bound by memory reads a quarter as much.</summary>
internal static class QuantizedRows
{
    /// <summary>Quantizes a vector: each value becomes the nearest multiple of the scale, as a signed byte.</summary>
    /// <param name="values">The vector; finite.</param>
    /// <param name="destination">Receives the quantized values; as long as <paramref name="values"/>.</param>
    /// <returns>The scale (the largest magnitude over 127), so that value ≈ scale × byte; 0 for a zero vector. The
    /// bytes stay within ±127, never -128, which <see cref="Dot"/> relies on.</returns>
    public static float Quantize(ReadOnlySpan<float> values, Span<sbyte> destination)
    {
        destination = destination[..values.Length];
        ref float v = ref MemoryMarshal.GetReference(values);
        ref sbyte d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        float max = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var maxes = Vector<float>.Zero;
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                maxes = Vector.Max(maxes, Vector.Abs(Vector.LoadUnsafe(ref v, (nuint)i)));
            }

            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                max = MathF.Max(max, maxes[lane]);
            }
        }

        for (; i < values.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(values[i]));
        }

        if (!(max > 0))
        {
            destination.Clear();
            return 0;
        }

        float scale = max / 127;
        float inverse = 127 / max;
        i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<sbyte>.Count)
        {
            // Four float vectors round to integers and narrow (32 to 16 to 8 bits) into one vector of bytes.
            var factor = new Vector<float>(inverse);
            var low = new Vector<int>(-127);
            var high = new Vector<int>(127);
            int step = Vector<float>.Count;
            for (; i <= values.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                var a = Vector.Clamp(Vector.ConvertToInt32(Vector.Round(Vector.LoadUnsafe(ref v, (nuint)i) * factor)), low, high);
                var b = Vector.Clamp(Vector.ConvertToInt32(Vector.Round(Vector.LoadUnsafe(ref v, (nuint)(i + step)) * factor)), low, high);
                var c = Vector.Clamp(Vector.ConvertToInt32(Vector.Round(Vector.LoadUnsafe(ref v, (nuint)(i + (2 * step))) * factor)), low, high);
                var e = Vector.Clamp(Vector.ConvertToInt32(Vector.Round(Vector.LoadUnsafe(ref v, (nuint)(i + (3 * step))) * factor)), low, high);
                Vector.Narrow(Vector.Narrow(a, b), Vector.Narrow(c, e)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (sbyte)Math.Clamp(MathF.Round(values[i] * inverse), -127, 127);
        }

        return scale;
    }

    /// <summary>The dot product of two quantized vectors, exact in 32-bit integers (up to about a million
    /// dimensions).</summary>
    public static int Dot(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> row)
    {
        int i = 0;
        int sum = 0;
        ref sbyte q = ref MemoryMarshal.GetReference(query);
        ref sbyte r = ref MemoryMarshal.GetReference(row);
        if (Avx2.IsSupported && row.Length >= Vector256<sbyte>.Count)
        {
            // vpmaddubsw multiplies unsigned by signed bytes and adds pairs into 16 bits: |query| by the row with the
            // query's sign (vpsignb), 32 products per step; a pair is at most 2 × 127 × 127, so nothing saturates.
            // vpmaddwd by ones then adds pairs of those into 32 bits.
            var ones = Vector256.Create((short)1);
            var acc = Vector256<int>.Zero;
            int last = row.Length - Vector256<sbyte>.Count;
            for (; i <= last; i += Vector256<sbyte>.Count)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)i);
                var pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(qv), Avx2.Sign(Vector256.LoadUnsafe(ref r, (nuint)i), qv));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(pairs, ones));
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector.IsHardwareAccelerated && row.Length >= Vector<sbyte>.Count)
        {
            // Portable: widen both to 16 bits and multiply there (a product is at most 127 × 127 and fits), then widen
            // the products to 32 bits and add.
            var acc = Vector<int>.Zero;
            int last = row.Length - Vector<sbyte>.Count;
            for (; i <= last; i += Vector<sbyte>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref q, (nuint)i), out var q0, out var q1);
                Vector.Widen(Vector.LoadUnsafe(ref r, (nuint)i), out var r0, out var r1);
                Vector.Widen(q0 * r0, out var a, out var b);
                Vector.Widen(q1 * r1, out var c, out var d);
                acc += (a + b) + (c + d);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < row.Length; i++)
        {
            sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref r, i);
        }

        return sum;
    }

    /// <summary>Finds the rows most similar to a quantized query by their approximate similarity (the integer dot
    /// product times the row's scale; the query's own scale is the same for every row and left out).</summary>
    /// <param name="query">The quantized query.</param>
    /// <param name="rows">The quantized rows, contiguous.</param>
    /// <param name="scales">The rows' scales.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="candidates">Receives the indices of the most similar rows, in ascending order; its length is the
    /// number wanted, at most <paramref name="count"/>.</param>
    public static void Candidates(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> scales, int count, Span<int> candidates)
    {
        int dimensions = query.Length;
        int wanted = candidates.Length;
        Span<float> heap = wanted <= 512 ? stackalloc float[wanted] : new float[wanted];

        // A min-heap of the best approximate similarities so far, filled by the first rows.
        for (int row = 0; row < wanted; row++)
        {
            float similarity = Dot(query, rows.Slice(row * dimensions, dimensions)) * scales[row];
            int at = row;
            while (at > 0)
            {
                int parent = (at - 1) >> 1;
                if (heap[parent] <= similarity)
                {
                    break;
                }

                heap[at] = heap[parent];
                candidates[at] = candidates[parent];
                at = parent;
            }

            heap[at] = similarity;
            candidates[at] = row;
        }

        for (int row = wanted; row < count; row++)
        {
            float similarity = Dot(query, rows.Slice(row * dimensions, dimensions)) * scales[row];
            if (similarity <= heap[0])
            {
                continue;
            }

            // Replace the root and sift down.
            int at = 0;
            while (true)
            {
                int child = (2 * at) + 1;
                if (child >= wanted)
                {
                    break;
                }

                if (child + 1 < wanted && heap[child + 1] < heap[child])
                {
                    child++;
                }

                if (heap[child] >= similarity)
                {
                    break;
                }

                heap[at] = heap[child];
                candidates[at] = candidates[child];
                at = child;
            }

            heap[at] = similarity;
            candidates[at] = row;
        }

        candidates.Sort();
    }
}
