using Microsoft.Extensions.AI;

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

/// <summary>Helpers for <see cref="IPromptCacheHintWriter"/> implementations.</summary>
public static class PromptCacheHints
{
    /// <summary>Sets an additional property on the content a breakpoint names, on a copy of that content and its
    /// message, so that objects the application passed in are never changed.</summary>
    /// <param name="messages">The request's messages, as handed to the writer (a list the orderer owns).</param>
    /// <param name="breakpoint">The breakpoint.</param>
    /// <param name="key">The property key, for example <c>anthropic:cache_control</c>.</param>
    /// <param name="value">The property value.</param>
    /// <returns><see langword="true"/> if the content was annotated; <see langword="false"/> for a kind of content
    /// that cannot be copied (only text, function call and function result contents can), which is left alone.</returns>
    public static bool Annotate(IList<ChatMessage> messages, CacheBreakpoint breakpoint, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var message = messages[breakpoint.MessageIndex];
        var contents = message.Contents.ToList();
        var content = contents[breakpoint.ContentIndex];
        var properties = content.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(content.AdditionalProperties);
        properties[key] = value;
        AIContent? copy = content switch
        {
            TextContent text => new TextContent(text.Text) { Annotations = text.Annotations },
            FunctionCallContent call => new FunctionCallContent(call.CallId, call.Name, call.Arguments)
            {
                Exception = call.Exception,
                InformationalOnly = call.InformationalOnly,
            },
            FunctionResultContent result => new FunctionResultContent(result.CallId, result.Result) { Exception = result.Exception },
            _ => null,
        };
        if (copy is null)
        {
            return false;
        }

        copy.AdditionalProperties = properties;
        copy.RawRepresentation = content.RawRepresentation;
        contents[breakpoint.ContentIndex] = copy;
        messages[breakpoint.MessageIndex] = new ChatMessage(message.Role, contents)
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            AdditionalProperties = message.AdditionalProperties,
            RawRepresentation = message.RawRepresentation,
        };
        return true;
    }

    /// <summary>Counts the contents that already carry a property, for writers whose provider limits how many
    /// hints a request may hold.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="key">The property key.</param>
    /// <returns>The count.</returns>
    public static int Count(IEnumerable<ChatMessage> messages, string key)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int count = 0;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                count += content.AdditionalProperties?.ContainsKey(key) == true ? 1 : 0;
            }
        }

        return count;
    }
}
