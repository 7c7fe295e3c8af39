namespace CostAware;

/// <summary>A retrieved passage offered to the <see cref="ContextCompactor"/>.</summary>
/// <param name="Id">A stable id (a document and chunk id, for example); kept passages are emitted in id order.</param>
/// <param name="Text">The passage's text.</param>
public sealed record ContextPassage(string Id, string Text);

/// <summary>Why the <see cref="ContextCompactor"/> left a passage out.</summary>
public enum PassageRemovalReason
{
    /// <summary>Its words are the same as those of an earlier passage (case, punctuation and spacing aside).</summary>
    ExactDuplicate,

    /// <summary>It shares most of its word shingles (or, with an embedding generator, its meaning) with an earlier
    /// passage.</summary>
    NearDuplicate,

    /// <summary>It ranked too low to fit in the token budget.</summary>
    OverBudget,
}

/// <summary>A passage the <see cref="ContextCompactor"/> left out.</summary>
/// <param name="Id">The passage's id.</param>
/// <param name="Reason">Why it was left out.</param>
/// <param name="DuplicateOf">The id of the kept passage it duplicates, for the duplicate reasons.</param>
/// <param name="Tokens">The passage's tokens.</param>
/// <param name="Similarity">The word-shingle Jaccard similarity (or embedding cosine similarity) with
/// <paramref name="DuplicateOf"/>; 1 for exact duplicates, 0 for <see cref="PassageRemovalReason.OverBudget"/>.</param>
public sealed record RemovedPassage(string Id, PassageRemovalReason Reason, string? DuplicateOf, int Tokens, double Similarity);

/// <summary>What the <see cref="ContextCompactor"/> kept and removed.</summary>
public sealed record ContextCompactionResult
{
    /// <summary>Gets the kept passages, in the order to put them in the prompt (see
    /// <see cref="ContextCompactorOptions.Order"/>).</summary>
    public required IReadOnlyList<ContextPassage> Passages { get; init; }

    /// <summary>Gets the removed passages, in the order they were offered.</summary>
    public required IReadOnlyList<RemovedPassage> Removed { get; init; }

    /// <summary>Gets the tokens of all the passages offered.</summary>
    public int TokensBefore { get; init; }

    /// <summary>Gets the tokens of the kept passages.</summary>
    public int TokensAfter { get; init; }

    /// <summary>Gets the tokens removed.</summary>
    public int TokensRemoved => TokensBefore - TokensAfter;
}

/// <summary>The order the <see cref="ContextCompactor"/> emits kept passages in.</summary>
public enum PassageOrder
{
    /// <summary>By id (ordinal): the same selection always gives the same prompt, which provider prompt caches reward.</summary>
    ById,

    /// <summary>Most relevant first.</summary>
    ByRelevance,
}
