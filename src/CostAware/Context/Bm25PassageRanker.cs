namespace CostAware;

/// <summary>Ranks passages with Okapi BM25 over lower-cased words, the passages offered being the corpus.</summary>
/// <remarks>A term's inverse document frequency is <c>ln(1 + (N - df + 0.5) / (df + 0.5))</c>; each distinct question
/// word counts once. This type is thread-safe.</remarks>
public sealed class Bm25PassageRanker : IPassageRanker
{
    /// <summary>The default of <see cref="K1"/>.</summary>
    public const double DefaultK1 = 1.2;

    /// <summary>The default of <see cref="B"/>.</summary>
    public const double DefaultB = 0.75;

    /// <summary>Initializes a new instance of the <see cref="Bm25PassageRanker"/> class.</summary>
    /// <param name="k1">Term-frequency saturation; must not be negative.</param>
    /// <param name="b">Length normalization, from 0 to 1.</param>
    public Bm25PassageRanker(double k1 = DefaultK1, double b = DefaultB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k1);
        if (b is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "BM25's b must be from 0 to 1.");
        }

        K1 = k1;
        B = b;
    }

    /// <summary>Gets the shared ranker with the default parameters.</summary>
    public static Bm25PassageRanker Default { get; } = new();

    /// <summary>Gets the term-frequency saturation.</summary>
    /// <value>Defaults to <see cref="DefaultK1"/> (1.2).</value>
    public double K1 { get; }

    /// <summary>Gets the length normalization.</summary>
    /// <value>Defaults to <see cref="DefaultB"/> (0.75).</value>
    public double B { get; }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<double>> ScoreAsync(string question, IReadOnlyList<ContextPassage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passages);
        return new ValueTask<IReadOnlyList<double>>(Score(question, passages.Select(static p => Words.Split(p.Text)).ToList()));
    }

    /// <summary>Scores passages already split into words.</summary>
    internal double[] Score(string question, IReadOnlyList<IReadOnlyList<string>> documents)
    {
        var terms = Words.Split(question).Distinct(StringComparer.Ordinal).ToArray();
        var scores = new double[documents.Count];
        if (documents.Count == 0 || terms.Length == 0)
        {
            return scores;
        }

        double averageLength = documents.Average(static d => d.Count);
        var frequencies = new Dictionary<string, int>[documents.Count];
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int d = 0; d < documents.Count; d++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string word in documents[d])
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }

            frequencies[d] = counts;
            foreach (string term in terms)
            {
                if (counts.ContainsKey(term))
                {
                    documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
                }
            }
        }

        for (int d = 0; d < documents.Count; d++)
        {
            double length = averageLength == 0 ? 0 : documents[d].Count / averageLength;
            foreach (string term in terms)
            {
                if (!frequencies[d].TryGetValue(term, out int tf))
                {
                    continue;
                }

                int df = documentFrequency[term];
                double idf = Math.Log(1 + ((documents.Count - df + 0.5) / (df + 0.5)));
                scores[d] += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * length))));
            }
        }

        return scores;
    }
}

/// <summary>Splits text into lower-cased words of letters and digits, the unit of BM25 and of shingles.</summary>
internal static class Words
{
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }
}
