using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>
/// Fits retrieved passages into a token budget: drops exact and near duplicates, ranks the rest by relevance to the
/// question, packs the best into the budget and emits them in a stable order.
/// </summary>
/// <remarks>
/// <para>
/// Duplicates are judged on lower-cased words of letters and digits. Of two duplicates the one offered first is kept.
/// Near duplicates share at least <see cref="ContextCompactorOptions.NearDuplicateThreshold"/> of their word shingles
/// (Jaccard), found with MinHash; with an <see cref="ContextCompactorOptions.EmbeddingGenerator"/>, passages whose
/// embeddings are close are duplicates too.
/// </para>
/// <para>
/// Passages are ranked by <see cref="ContextCompactorOptions.Ranker"/> (BM25 by default; ties go to the passage
/// offered first) and packed greedily: a passage that does not fit is skipped and smaller, lower-ranked ones are still
/// tried. Kept passages are emitted by id, so the same selection always gives the same prompt prefix. This type is
/// thread-safe.
/// </para>
/// </remarks>
public sealed class ContextCompactor
{
    private readonly NearDuplicateDetector _detector;
    private readonly IPassageRanker _ranker;
    private readonly ITokenCounter _counter;
    private readonly ContextCompactorOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ContextCompactor"/> class.</summary>
    /// <param name="options">The options; read once, so later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its valid range.</exception>
    public ContextCompactor(ContextCompactorOptions? options = null)
    {
        options ??= new ContextCompactorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShingleSize, 1, $"{nameof(options)}.{nameof(options.ShingleSize)}");
        if (!(options.NearDuplicateThreshold > 0 && options.NearDuplicateThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.NearDuplicateThreshold)}", options.NearDuplicateThreshold, "The near-duplicate threshold must be greater than 0 and at most 1.");
        }

        if (!(options.EmbeddingDuplicateThreshold > 0 && options.EmbeddingDuplicateThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.EmbeddingDuplicateThreshold)}", options.EmbeddingDuplicateThreshold, "The embedding duplicate threshold must be greater than 0 and at most 1.");
        }

        _options = new ContextCompactorOptions
        {
            ShingleSize = options.ShingleSize,
            NearDuplicateThreshold = options.NearDuplicateThreshold,
            Ranker = options.Ranker,
            EmbeddingGenerator = options.EmbeddingGenerator,
            EmbeddingDuplicateThreshold = options.EmbeddingDuplicateThreshold,
            Order = options.Order,
            TokenCounter = options.TokenCounter,
        };
        _detector = new NearDuplicateDetector(options.ShingleSize, options.NearDuplicateThreshold);
        _ranker = options.Ranker ?? Bm25PassageRanker.Default;
        _counter = options.TokenCounter ?? TiktokenTokenCounter.O200kBase;
    }

    /// <summary>Compacts passages for a question into a token budget.</summary>
    /// <param name="question">The question the passages should answer.</param>
    /// <param name="passages">The retrieved passages; ids must be unique.</param>
    /// <param name="maximumTokens">The budget for the kept passages' text, in tokens.</param>
    /// <param name="cancellationToken">Cancels ranking and embedding.</param>
    /// <returns>What was kept and what was removed, and why.</returns>
    /// <exception cref="ArgumentException">Two passages share an id.</exception>
    public async Task<ContextCompactionResult> CompactAsync(
        string question,
        IEnumerable<ContextPassage> passages,
        int maximumTokens,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentOutOfRangeException.ThrowIfNegative(maximumTokens);
        var offered = passages as IReadOnlyList<ContextPassage> ?? [.. passages];
        var tokens = new int[offered.Count];
        int before = 0;
        for (int i = 0; i < offered.Count; i++)
        {
            tokens[i] = _counter.CountTokens(offered[i].Text);
            before += tokens[i];
        }

        var removed = new RemovedPassage?[offered.Count];
        Deduplicate(offered, tokens, removed);

        var remaining = new List<int>();
        for (int i = 0; i < offered.Count; i++)
        {
            if (removed[i] is null)
            {
                remaining.Add(i);
            }
        }

        if (_options.EmbeddingGenerator is { } generator && remaining.Count > 1)
        {
            await RemoveParaphrasesAsync(generator, offered, tokens, remaining, removed, cancellationToken).ConfigureAwait(false);
        }

        var candidates = remaining.Select(i => offered[i]).ToList();
        var scores = await _ranker.ScoreAsync(question, candidates, cancellationToken).ConfigureAwait(false);
        if (scores.Count != candidates.Count)
        {
            throw new InvalidOperationException($"The ranker returned {scores.Count} scores for {candidates.Count} passages.");
        }

        var ranked = Enumerable.Range(0, remaining.Count).OrderByDescending(r => scores[r]).ThenBy(r => remaining[r]).ToList();
        var kept = new List<(int Index, int Rank)>();
        int used = 0;
        for (int rank = 0; rank < ranked.Count; rank++)
        {
            int index = remaining[ranked[rank]];
            if (used + tokens[index] <= maximumTokens)
            {
                used += tokens[index];
                kept.Add((index, rank));
            }
            else
            {
                removed[index] = new RemovedPassage(offered[index].Id, PassageRemovalReason.OverBudget, null, tokens[index], 0);
            }
        }

        var ordered = _options.Order == PassageOrder.ById
            ? kept.OrderBy(k => offered[k.Index].Id, StringComparer.Ordinal)
            : kept.OrderBy(k => k.Rank);

        return new ContextCompactionResult
        {
            Passages = [.. ordered.Select(k => offered[k.Index])],
            Removed = [.. removed.Where(static r => r is not null).Select(static r => r!)],
            TokensBefore = before,
            TokensAfter = used,
        };
    }

    /// <summary>Finds the exact and near duplicates among passages by their word shingles (no embeddings).</summary>
    /// <param name="passages">The passages; ids must be unique.</param>
    /// <returns>The duplicates, in the order offered; each names the earlier, kept passage it duplicates.</returns>
    /// <exception cref="ArgumentException">Two passages share an id.</exception>
    public IReadOnlyList<RemovedPassage> FindDuplicates(IReadOnlyList<ContextPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var removed = new RemovedPassage?[passages.Count];

        // Only the removed passages' tokens are reported, so only theirs are counted.
        Deduplicate(passages, null, removed);
        return [.. removed.Where(static r => r is not null).Select(static r => r!)];
    }

    private void Deduplicate(IReadOnlyList<ContextPassage> passages, int[]? tokens, RemovedPassage?[] removed)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var words = new ulong[passages.Count][];
        for (int i = 0; i < passages.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(passages[i], nameof(passages));
            if (!ids.Add(passages[i].Id))
            {
                throw new ArgumentException($"Passage id '{passages[i].Id}' appears more than once; ids must be unique.", nameof(passages));
            }

            words[i] = NearDuplicateDetector.WordHashes(passages[i].Text);
        }

        var found = _detector.Find(words);
        for (int i = 0; i < found.Length; i++)
        {
            if (found[i].Of >= 0)
            {
                var reason = found[i].Exact ? PassageRemovalReason.ExactDuplicate : PassageRemovalReason.NearDuplicate;
                int count = tokens?[i] ?? _counter.CountTokens(passages[i].Text);
                removed[i] = new RemovedPassage(passages[i].Id, reason, passages[found[i].Of].Id, count, found[i].Similarity);
            }
        }
    }

    private async Task RemoveParaphrasesAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<ContextPassage> offered,
        int[] tokens,
        List<int> remaining,
        RemovedPassage?[] removed,
        CancellationToken cancellationToken)
    {
        var embeddings = await generator.GenerateAsync(remaining.Select(i => offered[i].Text), cancellationToken: cancellationToken).ConfigureAwait(false);
        var keptSoFar = new List<int>();
        var stillRemaining = new List<int>();
        for (int r = 0; r < remaining.Count; r++)
        {
            int best = -1;
            double bestSimilarity = 0;
            foreach (int k in keptSoFar)
            {
                double similarity = Similarity.Cosine(embeddings[r].Vector.Span, embeddings[k].Vector.Span);
                if (similarity >= _options.EmbeddingDuplicateThreshold && similarity > bestSimilarity)
                {
                    best = k;
                    bestSimilarity = similarity;
                }
            }

            if (best >= 0)
            {
                int index = remaining[r];
                removed[index] = new RemovedPassage(offered[index].Id, PassageRemovalReason.NearDuplicate, offered[remaining[best]].Id, tokens[index], bestSimilarity);
            }
            else
            {
                keptSoFar.Add(r);
                stillRemaining.Add(remaining[r]);
            }
        }

        remaining.Clear();
        remaining.AddRange(stillRemaining);
    }
}
