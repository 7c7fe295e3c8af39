using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Scores passages by relevance to a question, for the <see cref="ContextCompactor"/>.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IPassageRanker
{
    /// <summary>Scores passages; higher is more relevant.</summary>
    /// <param name="question">The question.</param>
    /// <param name="passages">The passages.</param>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    /// <returns>One score per passage, in the order of <paramref name="passages"/>.</returns>
    ValueTask<IReadOnlyList<double>> ScoreAsync(string question, IReadOnlyList<ContextPassage> passages, CancellationToken cancellationToken);
}

/// <summary>Ranks passages with an application's own scoring function, for example a cross-encoder reranker.</summary>
/// <param name="score">Scores the passages; must return one score per passage, in order.</param>
public sealed class DelegatePassageRanker(
    Func<string, IReadOnlyList<ContextPassage>, CancellationToken, ValueTask<IReadOnlyList<double>>> score) : IPassageRanker
{
    private readonly Func<string, IReadOnlyList<ContextPassage>, CancellationToken, ValueTask<IReadOnlyList<double>>> _score =
        score ?? throw new ArgumentNullException(nameof(score));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<double>> ScoreAsync(string question, IReadOnlyList<ContextPassage> passages, CancellationToken cancellationToken) =>
        _score(question, passages, cancellationToken);
}

/// <summary>Ranks passages by the cosine similarity of their embeddings with the question's.</summary>
/// <param name="generator">The embedding generator; each call embeds the question and the passages in one batch.</param>
public sealed class EmbeddingPassageRanker(IEmbeddingGenerator<string, Embedding<float>> generator) : IPassageRanker
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator = generator ?? throw new ArgumentNullException(nameof(generator));

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<double>> ScoreAsync(string question, IReadOnlyList<ContextPassage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passages);
        var embeddings = await _generator.GenerateAsync([question, .. passages.Select(static p => p.Text)], cancellationToken: cancellationToken).ConfigureAwait(false);
        var scores = new double[passages.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = Similarity.Cosine(embeddings[0].Vector.Span, embeddings[i + 1].Vector.Span);
        }

        return scores;
    }
}

/// <summary>Vector similarity shared by the embedding ranker and the embedding duplicate check.</summary>
internal static class Similarity
{
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        int length = Math.Min(a.Length, b.Length);
        for (int i = 0; i < length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return normA == 0 || normB == 0 ? 0 : dot / Math.Sqrt(normA * normB);
    }
}
