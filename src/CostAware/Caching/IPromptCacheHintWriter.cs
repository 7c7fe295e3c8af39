using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Puts a provider's prompt-cache hints on a request, following a <see cref="PromptCachePlan"/>.</summary>
/// <remarks>Provider packages implement this: one writes Anthropic <c>cache_control</c> breakpoints on contents, one
/// sets OpenAI's <c>prompt_cache_key</c>. A writer must only touch the messages and options it is given, which the
/// prefix orderer has already copied.</remarks>
public interface IPromptCacheHintWriter
{
    /// <summary>Gets the provider whose hints this writer places (compared with
    /// <see cref="ChatClientMetadata.ProviderName"/>, ignoring case).</summary>
    string ProviderName { get; }

    /// <summary>Gets the provider's caching rules, which decide where a breakpoint can pay.</summary>
    PromptCacheRules Rules { get; }

    /// <summary>Writes the hints.</summary>
    /// <param name="plan">Where the stable segments end and how long their prefixes are.</param>
    /// <param name="messages">The request's messages, already reordered; contents may be replaced or annotated.</param>
    /// <param name="options">The request's options, already copied.</param>
    void Write(PromptCachePlan plan, IList<ChatMessage> messages, ChatOptions options);
}
