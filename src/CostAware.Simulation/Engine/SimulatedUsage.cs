namespace CostAware.Simulation;

/// <summary>The token counts of one simulated call, in provider-neutral terms.</summary>
/// <param name="PromptTokens">The whole prompt, cache reads and writes included.</param>
/// <param name="CacheReadTokens">Prompt tokens read from the cache.</param>
/// <param name="CacheWrite5MinuteTokens">Prompt tokens written to a five-minute cache.</param>
/// <param name="CacheWrite1HourTokens">Prompt tokens written to a one-hour cache.</param>
/// <param name="OutputTokens">Output tokens, reasoning included.</param>
/// <param name="ReasoningTokens">Reasoning tokens, or <see langword="null"/> for a model that does not reason.</param>
internal readonly record struct SimulatedUsage(
    int PromptTokens,
    int CacheReadTokens,
    int CacheWrite5MinuteTokens,
    int CacheWrite1HourTokens,
    int OutputTokens,
    int? ReasoningTokens);
