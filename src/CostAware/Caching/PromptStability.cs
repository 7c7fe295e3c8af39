using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>How a part of a prompt behaves across requests, as the application marks it.</summary>
public enum PromptStability
{
    /// <summary>Not marked: the prefix orderer classifies the text with its volatile-content detector.</summary>
    Unspecified,

    /// <summary>The same on every request of a route: belongs in the cached prefix.</summary>
    Stable,

    /// <summary>Differs between requests (timestamps, ids): moved after the stable prefix.</summary>
    Volatile,

    /// <summary>Must stay exactly where the application put it; never moved, never split.</summary>
    Pinned,
}

/// <summary>Marks messages and contents as stable, volatile or pinned for the prefix orderer.</summary>
/// <remarks>The mark is stored in <c>AdditionalProperties</c> under <see cref="StabilityKey"/>, so it travels with
/// the message through any pipeline and is ignored by clients that do not know it.</remarks>
public static class PromptStabilityExtensions
{
    /// <summary>The <c>AdditionalProperties</c> key of the mark.</summary>
    public const string StabilityKey = "costaware.stability";

    /// <summary>Marks a message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="stability">The mark.</param>
    /// <returns>The same message, for chaining.</returns>
    public static ChatMessage WithStability(this ChatMessage message, PromptStability stability)
    {
        ArgumentNullException.ThrowIfNull(message);
        (message.AdditionalProperties ??= [])[StabilityKey] = stability;
        return message;
    }

    /// <summary>Marks a content.</summary>
    /// <typeparam name="T">The content type.</typeparam>
    /// <param name="content">The content.</param>
    /// <param name="stability">The mark.</param>
    /// <returns>The same content, for chaining.</returns>
    public static T WithStability<T>(this T content, PromptStability stability)
        where T : AIContent
    {
        ArgumentNullException.ThrowIfNull(content);
        (content.AdditionalProperties ??= [])[StabilityKey] = stability;
        return content;
    }

    /// <summary>Reads a message's mark.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The mark, or <see cref="PromptStability.Unspecified"/>.</returns>
    public static PromptStability GetStability(this ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Read(message.AdditionalProperties);
    }

    /// <summary>Reads a content's mark.</summary>
    /// <param name="content">The content.</param>
    /// <returns>The mark, or <see cref="PromptStability.Unspecified"/>.</returns>
    public static PromptStability GetStability(this AIContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Read(content.AdditionalProperties);
    }

    private static PromptStability Read(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(StabilityKey, out var value) && value is PromptStability stability
            ? stability
            : PromptStability.Unspecified;
}
