using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Why the router sent a request where it did.</summary>
public enum RouteReason
{
    /// <summary>The difficulty score mapped to the tier, and the tier can handle the request.</summary>
    Score,

    /// <summary>The score mapped to a cheaper tier that cannot handle the request (or is below the quality floor); the
    /// next stronger tier that can was chosen.</summary>
    Capability,

    /// <summary>No tier at or above the score's tier can handle the request; the strongest cheaper tier that can was
    /// chosen.</summary>
    FallbackToCheaper,

    /// <summary>The conversation stays on the tier that served its first turn.</summary>
    Sticky,

    /// <summary>The request named its tier (<see cref="RoutingChatOptionsExtensions.WithRoutingTier"/>).</summary>
    Forced,

    /// <summary>The classifier failed and <see cref="TierRouterOptions.ScoreWhenClassifierFails"/> stood in for its
    /// score.</summary>
    ClassifierFailed,
}

/// <summary>Why a tier was left out of a request.</summary>
public enum TierExclusionReason
{
    /// <summary>The difficulty score maps to a stronger tier.</summary>
    BelowDifficulty,

    /// <summary>The conversation is kept on another tier.</summary>
    Sticky,

    /// <summary>The prompt and requested output do not fit the tier's context window.</summary>
    ContextWindow,

    /// <summary>The requested output limit exceeds what the tier's model can produce.</summary>
    OutputLimit,

    /// <summary>The request offers tools and the tier cannot call them.</summary>
    Tools,

    /// <summary>The request holds images and the tier does not accept them.</summary>
    Vision,

    /// <summary>The request asks for a JSON schema response and the tier does not support it.</summary>
    StructuredOutput,

    /// <summary>The tier's quality hint is below the quality floor.</summary>
    QualityFloor,

    /// <summary>The request named another tier.</summary>
    Forced,
}

/// <summary>A tier the router left out of a request, and why.</summary>
/// <param name="Tier">The tier's name.</param>
/// <param name="Reason">Why.</param>
/// <param name="Detail">The numbers behind it, for people: for example <c>needs 140,312 tokens, window 128,000</c>.</param>
public sealed record TierExclusion(string Tier, TierExclusionReason Reason, string Detail);

/// <summary>The router's decision for one request: the tier and model chosen, the score and why; attached to the
/// response, carried into the ledger entry (<see cref="CostLedgerEntry.RouteDecision"/>) and logged.</summary>
public sealed record RouteDecision
{
    /// <summary>The key under which the decision is attached to <see cref="ChatResponse.AdditionalProperties"/>, to the
    /// first update of a stream, and to the <see cref="ChatOptions.AdditionalProperties"/> the chosen tier receives.</summary>
    public const string ResponseKey = "costaware.route";

    /// <summary>Gets the chosen tier's name.</summary>
    public required string Tier { get; init; }

    /// <summary>Gets the chosen tier's model.</summary>
    public required string ModelId { get; init; }

    /// <summary>Gets the chosen tier's position, 0 for the cheapest.</summary>
    public required int TierIndex { get; init; }

    /// <summary>Gets the difficulty score, or <see langword="null"/> when the request named its tier.</summary>
    public double? Score { get; init; }

    /// <summary>Gets the tier the score mapped to, before capabilities and stickiness.</summary>
    public string? ScoreTier { get; init; }

    /// <summary>Gets why the tier was chosen.</summary>
    public required RouteReason Reason { get; init; }

    /// <summary>Gets the tiers left out and why: every cheaper tier than the one chosen, and any tier whose
    /// capabilities or quality do not fit the request.</summary>
    public IReadOnlyList<TierExclusion> Excluded { get; init; } = [];

    /// <summary>Gets a value indicating whether the quality floor left out every tier cheaper than the strongest, so
    /// that routing could not save anything on this request.</summary>
    public bool QualityFloorExcludedAllCheaperTiers { get; init; }

    /// <summary>Gets a one-line explanation for logs and people.</summary>
    public string Explanation
    {
        get
        {
            string score = Score is double s ? $"score {s:0.###}" : "no score";
            string excluded = Excluded.Count == 0 ? string.Empty : "; left out: " + string.Join("; ", Excluded.Select(static e => $"{e.Tier} ({e.Reason}: {e.Detail})"));
            return $"{Tier} ({ModelId}) by {Reason}, {score}{excluded}";
        }
    }

    /// <summary>Reads a decision attached to options.</summary>
    internal static RouteDecision? From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(ResponseKey, out var value) == true ? value as RouteDecision : null;
}
