using Microsoft.Extensions.AI;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;

namespace CostAware;

/// <summary>
/// Sets OpenAI's <c>prompt_cache_key</c> to a hash of the stable prefix the prefix orderer found, so that requests
/// sharing a prefix are routed to the same cache; the key reaches the request body through the OpenAI .NET client.
/// </summary>
/// <remarks>The key is written into the <see cref="ChatCompletionOptions"/> that <see cref="ChatOptions.RawRepresentationFactory"/>
/// produces; a factory the application set is kept and its options are extended, not replaced.</remarks>
public sealed class OpenAIPromptCacheKeyWriter : IPromptCacheHintWriter
{
    /// <summary>The default of <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "ca-";

    /// <summary>Gets or sets the text put before the hash, to tell this application's keys apart.</summary>
    /// <value>Defaults to <see cref="DefaultKeyPrefix"/>.</value>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <inheritdoc />
    public string ProviderName => "openai";

    /// <inheritdoc />
    public PromptCacheRules Rules => PromptCacheRules.OpenAI;

    /// <inheritdoc />
    public void Write(PromptCachePlan plan, IList<ChatMessage> messages, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);

        // OpenAI documents keys of up to 64 characters; a 32-character hash leaves room for the prefix.
        string key = KeyPrefix + plan.StablePrefixKey[..32];
        var inner = options.RawRepresentationFactory;
        options.RawRepresentationFactory = client =>
        {
            var raw = inner?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            // OpenAI 2.15 has no typed property for prompt_cache_key; its JSON patch is the supported way to add a
            // field to the request body, and is marked experimental by the SDK.
#pragma warning disable SCME0001
            raw.Patch.Set("$.prompt_cache_key"u8, key);
#pragma warning restore SCME0001
            return raw;
        };
    }
}
