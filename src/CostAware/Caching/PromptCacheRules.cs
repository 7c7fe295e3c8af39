namespace CostAware;

/// <summary>A provider's prompt-caching rules, as far as the size of what it caches goes.</summary>
public abstract class PromptCacheRules
{
    /// <summary>Gets OpenAI's rules: automatic caching of the longest matching prefix, from 1,024 tokens, in steps of
    /// 128.</summary>
    public static PromptCacheRules OpenAI { get; } = new AutomaticPrefixRules(1024, 128);

    /// <summary>Gets Anthropic's rules: caching at explicit breakpoints only, from the model's minimum length.</summary>
    public static PromptCacheRules Anthropic { get; } = new BreakpointRules();

    /// <summary>Gets a value indicating whether the provider caches only at explicit breakpoints.</summary>
    public abstract bool RequiresBreakpoints { get; }

    /// <summary>Returns the tokens the provider would cache of a prefix of a given length.</summary>
    /// <param name="prefixTokens">The prefix that matches an earlier request (or ends at a breakpoint).</param>
    /// <param name="minimumCacheableTokens">The model's minimum, where the catalog states one.</param>
    /// <returns>The cacheable tokens; zero below the minimum.</returns>
    public abstract int CacheableTokens(int prefixTokens, int? minimumCacheableTokens);

    private sealed class AutomaticPrefixRules(int minimum, int step) : PromptCacheRules
    {
        public override bool RequiresBreakpoints => false;

        public override int CacheableTokens(int prefixTokens, int? minimumCacheableTokens)
        {
            int floor = Math.Max(minimum, minimumCacheableTokens ?? 0);
            return prefixTokens < floor ? 0 : floor + ((prefixTokens - floor) / step * step);
        }
    }

    private sealed class BreakpointRules : PromptCacheRules
    {
        private const int DefaultMinimum = 1024;

        public override bool RequiresBreakpoints => true;

        public override int CacheableTokens(int prefixTokens, int? minimumCacheableTokens) =>
            prefixTokens < (minimumCacheableTokens ?? DefaultMinimum) ? 0 : prefixTokens;
    }
}
