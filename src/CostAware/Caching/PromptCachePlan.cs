namespace CostAware;

/// <summary>A place where a stable segment of a prompt ends and a cache breakpoint can go.</summary>
/// <param name="MessageIndex">The message the segment ends in.</param>
/// <param name="ContentIndex">The content of that message the segment ends with.</param>
/// <param name="PrefixTokens">The prompt's tokens up to and including that content.</param>
/// <param name="Lifetime">The cache lifetime to ask for.</param>
public readonly record struct CacheBreakpoint(int MessageIndex, int ContentIndex, int PrefixTokens, PromptCacheLifetime Lifetime);

/// <summary>What the prefix orderer found stable in a request, for cache-hint writers.</summary>
/// <param name="Breakpoints">Where breakpoints pay: at the ends of stable segments whose prefix reaches the model's
/// minimum cacheable length, at most <see cref="PrefixOrderingOptions.MaximumCacheBreakpointsPerRequest"/>, longer
/// lifetimes first.</param>
/// <param name="StablePrefixKey">A stable hash of the stable prefix (tools, system prompt and examples), the same in
/// every process for the same content.</param>
/// <param name="StablePrefixTokens">The tokens before the current turn.</param>
/// <param name="ModelId">The model the request goes to.</param>
public sealed record PromptCachePlan(
    IReadOnlyList<CacheBreakpoint> Breakpoints,
    string StablePrefixKey,
    int StablePrefixTokens,
    string? ModelId);
