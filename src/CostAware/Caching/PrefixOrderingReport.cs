using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>One piece of volatile content the prefix orderer found in a request's stable region.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Value">The text.</param>
/// <param name="MessageIndex">The message it was found in, in the request as sent by the application.</param>
/// <param name="TokenPosition">Its position in tokens from the start of the prompt (tools included).</param>
/// <param name="Moved">Whether it was moved after the stable prefix (false in report-only mode or when pinned).</param>
public sealed record VolatileFinding(VolatileKind Kind, string Value, int MessageIndex, int TokenPosition, bool Moved);

/// <summary>What the prefix orderer did to one request and what the provider's cache made of it.</summary>
public sealed record PrefixOrderingReport
{
    /// <summary>Gets the request's route.</summary>
    public required string Route { get; init; }

    /// <summary>Gets the mode the orderer ran in.</summary>
    public PrefixOrderingMode Mode { get; init; }

    /// <summary>Gets the volatile content found in the stable region.</summary>
    public IReadOnlyList<VolatileFinding> Findings { get; init; } = [];

    /// <summary>Gets a value indicating whether the request was changed.</summary>
    public bool Changed { get; init; }

    /// <summary>Gets a value indicating whether the tools were put in name order.</summary>
    public bool ToolsReordered { get; init; }

    /// <summary>Gets a value indicating whether documents were put in id order.</summary>
    public bool DocumentsReordered { get; init; }

    /// <summary>Gets the tokens before the current turn and the moved volatile content: the prefix that can be
    /// the same on the next request.</summary>
    public int StablePrefixTokens { get; init; }

    /// <summary>Gets the tokens the provider's rules allow to be cached of that prefix (zero for a provider without
    /// known rules). The first request of a prefix writes the cache; later ones read it.</summary>
    public int PredictedCacheableTokens { get; init; }

    /// <summary>Gets the prompt tokens the provider reported.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Gets the cached prompt tokens the provider reported.</summary>
    public long? ReportedCachedTokens { get; init; }

    /// <summary>Gets the plan handed to the cache-hint writers.</summary>
    public PromptCachePlan? Plan { get; init; }
}

/// <summary>Reads the prefix orderer's report from a response.</summary>
public static class PrefixOrderingResponseExtensions
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of the report.</summary>
    public const string ReportKey = "costaware.prefix";

    /// <summary>Returns the prefix orderer's report, or <see langword="null"/> if no orderer handled the request.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The report.</returns>
    /// <remarks>Like <see cref="CostAwareResponseExtensions.GetCostEntry(ChatResponse)"/>, looks on the response, then on
    /// its messages, newest first.</remarks>
    public static PrefixOrderingReport? GetPrefixOrderingReport(this ChatResponse response) =>
        response.FindProperty<PrefixOrderingReport>(ReportKey);
}

/// <summary>Prompt-cache totals of one route.</summary>
public sealed record PrefixRouteStatistics
{
    /// <summary>Gets the number of requests.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the prompt tokens the provider reported.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the cached prompt tokens the provider reported.</summary>
    public long CachedTokens { get; init; }

    /// <summary>Gets the sum of the stable-prefix tokens.</summary>
    public long StablePrefixTokens { get; init; }

    /// <summary>Gets the number of volatile findings in stable regions.</summary>
    public long VolatileFindings { get; init; }

    /// <summary>Gets the share of prompt tokens read from the cache.</summary>
    public double CacheReadRatio => InputTokens == 0 ? 0 : (double)CachedTokens / InputTokens;
}
