namespace CostAware.Simulation;

/// <summary>What a request read from and wrote to a provider's prompt cache, in tokens.</summary>
/// <param name="ReadTokens">Tokens read from the cache (<c>cache_read_input_tokens</c>).</param>
/// <param name="Write5MinuteTokens">Tokens written with a five-minute lifetime.</param>
/// <param name="Write1HourTokens">Tokens written with a one-hour lifetime.</param>
internal readonly record struct PromptCacheUsage(int ReadTokens, int Write5MinuteTokens, int Write1HourTokens)
{
    /// <summary>Gets all tokens written (<c>cache_creation_input_tokens</c>).</summary>
    public int WriteTokens => Write5MinuteTokens + Write1HourTokens;
}
