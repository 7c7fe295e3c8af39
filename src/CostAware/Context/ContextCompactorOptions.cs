using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Options of the <see cref="ContextCompactor"/>.</summary>
public sealed class ContextCompactorOptions
{
    /// <summary>The default of <see cref="ShingleSize"/>.</summary>
    public const int DefaultShingleSize = 3;

    /// <summary>The default of <see cref="NearDuplicateThreshold"/>.</summary>
    public const double DefaultNearDuplicateThreshold = 0.8;

    /// <summary>The default of <see cref="EmbeddingDuplicateThreshold"/>.</summary>
    public const double DefaultEmbeddingDuplicateThreshold = 0.95;

    /// <summary>Gets or sets the words per shingle for near-duplicate detection.</summary>
    /// <value>Defaults to <see cref="DefaultShingleSize"/> (3). Must be at least 1.</value>
    public int ShingleSize { get; set; } = DefaultShingleSize;

    /// <summary>Gets or sets the Jaccard similarity of word shingles from which a passage is a near duplicate of an
    /// earlier one. Candidates are found with MinHash (16 bands of 4 rows), which finds pairs at 0.8 with
    /// probability above 0.999 and at 0.6 with 0.89; each candidate's similarity is then computed exactly.</summary>
    /// <value>Defaults to <see cref="DefaultNearDuplicateThreshold"/> (0.8). Must be in (0, 1]; 1 disables near
    /// duplicates other than shingle-identical ones.</value>
    public double NearDuplicateThreshold { get; set; } = DefaultNearDuplicateThreshold;

    /// <summary>Gets or sets the ranker.</summary>
    /// <value>Defaults to <see cref="Bm25PassageRanker.Default"/>.</value>
    public IPassageRanker? Ranker { get; set; }

    /// <summary>Gets or sets an embedding generator that also finds paraphrases: passages whose embeddings'
    /// cosine similarity with a kept passage reaches <see cref="EmbeddingDuplicateThreshold"/>.</summary>
    /// <value>Defaults to <see langword="null"/> (word shingles only).</value>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; set; }

    /// <summary>Gets or sets the cosine similarity from which passages are duplicates by their embeddings.</summary>
    /// <value>Defaults to <see cref="DefaultEmbeddingDuplicateThreshold"/> (0.95). Must be in (0, 1].</value>
    public double EmbeddingDuplicateThreshold { get; set; } = DefaultEmbeddingDuplicateThreshold;

    /// <summary>Gets or sets the order kept passages are emitted in.</summary>
    /// <value>Defaults to <see cref="PassageOrder.ById"/>, so the same passages always give the same prompt.</value>
    public PassageOrder Order { get; set; } = PassageOrder.ById;

    /// <summary>Gets or sets the token counter.</summary>
    /// <value>Defaults to <see cref="TiktokenTokenCounter.O200kBase"/>.</value>
    public ITokenCounter? TokenCounter { get; set; }
}
