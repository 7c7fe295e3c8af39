using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>
/// Writes Anthropic prompt-cache breakpoints: a <c>cache_control</c> on the content that ends each stable segment
/// the prefix orderer planned, in the property the Anthropic .NET SDK's <see cref="IChatClient"/> reads
/// (<see cref="AIContentCacheExtensions"/>).
/// </summary>
/// <remarks>Breakpoints asking for one hour are written with <c>ttl: "1h"</c>, the others with the default five
/// minutes. Contents the application passed in are copied, never changed. Breakpoints the application placed itself
/// are kept and count against Anthropic's limit of four: the writer adds only as many as fit, the latest (longest)
/// prefixes first.</remarks>
public sealed class AnthropicCacheHintWriter : IPromptCacheHintWriter
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key the Anthropic SDK reads.</summary>
    public const string CacheControlKey = "anthropic:cache_control";

    /// <inheritdoc />
    public string ProviderName => "anthropic";

    /// <inheritdoc />
    public PromptCacheRules Rules => PromptCacheRules.Anthropic;

    /// <inheritdoc />
    public void Write(PromptCachePlan plan, IList<ChatMessage> messages, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(messages);
        int room = PrefixOrderingOptions.MaximumCacheBreakpointsPerRequest - PromptCacheHints.Count(messages, CacheControlKey);
        var chosen = plan.Breakpoints
            .Where(b => messages[b.MessageIndex].Contents[b.ContentIndex].AdditionalProperties?.ContainsKey(CacheControlKey) != true)
            .TakeLast(Math.Max(0, room));
        foreach (var breakpoint in chosen)
        {
            var control = new CacheControlEphemeral { Ttl = breakpoint.Lifetime == PromptCacheLifetime.OneHour ? Ttl.Ttl1h : Ttl.Ttl5m };
            PromptCacheHints.Annotate(messages, breakpoint, CacheControlKey, control);
        }
    }
}
