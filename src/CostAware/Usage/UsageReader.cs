using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>The API shape a raw usage object comes from.</summary>
public enum UsageFormat
{
    /// <summary>Tell the shape apart by its field names.</summary>
    Auto,

    /// <summary>OpenAI Chat Completions: <c>prompt_tokens</c>, <c>completion_tokens</c> and their details.</summary>
    OpenAIChatCompletions,

    /// <summary>OpenAI Responses: <c>input_tokens</c>, <c>output_tokens</c> and their details.</summary>
    OpenAIResponses,

    /// <summary>Anthropic Messages: <c>input_tokens</c> excludes cache reads and writes.</summary>
    AnthropicMessages,

    /// <summary>Gemini <c>usageMetadata</c>: <c>promptTokenCount</c>, <c>candidatesTokenCount</c>,
    /// <c>thoughtsTokenCount</c>.</summary>
    Gemini,
}

/// <summary>Reads token usage from Microsoft.Extensions.AI's <see cref="UsageDetails"/> and from the raw usage JSON
/// of each provider's API into one <see cref="TokenUsage"/>.</summary>
public static class UsageReader
{
    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key older adapters use for cached input tokens.</summary>
    public const string LegacyCachedTokensKey = "InputTokenDetails.CachedTokenCount";

    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key the Anthropic adapter uses for cache writes.</summary>
    public const string CacheCreationKey = "CacheCreationInputTokens";

    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key for 1-hour cache writes, where an adapter (or the
    /// CostAware simulator) reports them apart from 5-minute ones.</summary>
    public const string CacheCreation1HourKey = "CacheCreation1hInputTokens";

    /// <summary>Reads Microsoft.Extensions.AI usage.</summary>
    /// <param name="details">The usage details, as an <see cref="IChatClient"/> reports them.</param>
    /// <returns>The normalized usage.</returns>
    /// <remarks>
    /// <see cref="UsageDetails.InputTokenCount"/> includes cached tokens. Cached tokens come from
    /// <see cref="UsageDetails.CachedInputTokenCount"/>, else from <see cref="LegacyCachedTokensKey"/>. Cache writes come
    /// from <see cref="CacheCreationKey"/>; when <see cref="CacheCreation1HourKey"/> is present, that part is billed at
    /// the 1-hour price. <see cref="UsageDetails.ReasoningTokenCount"/> is part of the output count.
    /// </remarks>
    public static TokenUsage FromUsageDetails(UsageDetails? details)
    {
        if (details is null)
        {
            return TokenUsage.Unknown;
        }

        var extra = details.AdditionalCounts;
        long? cached = details.CachedInputTokenCount ?? Lookup(extra, LegacyCachedTokensKey);
        long? writes = Lookup(extra, CacheCreationKey);
        long? writes1h = Lookup(extra, CacheCreation1HourKey);
        if (writes1h is not null)
        {
            writes = Math.Max(0, (writes ?? 0) - writes1h.Value);
        }

        return new TokenUsage
        {
            InputTokens = details.InputTokenCount,
            CachedInputTokens = cached,
            CacheWriteTokens = writes,
            CacheWrite1HourTokens = writes1h,
            OutputTokens = details.OutputTokenCount,
            ReasoningTokens = details.ReasoningTokenCount,
        };
    }

    /// <summary>Reads a raw usage object as the provider's API returned it.</summary>
    /// <param name="usage">The usage object (the <c>usage</c> or <c>usageMetadata</c> value itself).</param>
    /// <param name="format">Its API shape, or <see cref="UsageFormat.Auto"/>.</param>
    /// <returns>The normalized usage.</returns>
    /// <exception cref="FormatException">The object is not a usage object of a known shape; the message says why.</exception>
    public static TokenUsage FromJson(JsonElement usage, UsageFormat format = UsageFormat.Auto)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"A usage object must be a JSON object, found {usage.ValueKind}.");
        }

        if (format == UsageFormat.Auto)
        {
            format = Detect(usage);
        }

        return format switch
        {
            UsageFormat.OpenAIChatCompletions => FromOpenAIChat(usage),
            UsageFormat.OpenAIResponses => FromOpenAIResponses(usage),
            UsageFormat.AnthropicMessages => FromAnthropic(usage),
            UsageFormat.Gemini => FromGemini(usage),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown usage format."),
        };
    }

    /// <summary>Tells the API shape of a raw usage object apart by its field names.</summary>
    /// <param name="usage">The usage object.</param>
    /// <returns>The shape.</returns>
    /// <exception cref="FormatException">No known shape matches.</exception>
    public static UsageFormat Detect(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"A usage object must be a JSON object, found {usage.ValueKind}.");
        }

        if (usage.TryGetProperty("prompt_tokens", out _) || usage.TryGetProperty("completion_tokens", out _))
        {
            return UsageFormat.OpenAIChatCompletions;
        }

        if (usage.TryGetProperty("promptTokenCount", out _) || usage.TryGetProperty("candidatesTokenCount", out _))
        {
            return UsageFormat.Gemini;
        }

        if (usage.TryGetProperty("cache_read_input_tokens", out _) || usage.TryGetProperty("cache_creation_input_tokens", out _) ||
            usage.TryGetProperty("cache_creation", out _))
        {
            return UsageFormat.AnthropicMessages;
        }

        if (usage.TryGetProperty("input_tokens_details", out _) || usage.TryGetProperty("output_tokens_details", out _) ||
            usage.TryGetProperty("total_tokens", out _))
        {
            return UsageFormat.OpenAIResponses;
        }

        if (usage.TryGetProperty("input_tokens", out _))
        {
            return UsageFormat.AnthropicMessages;
        }

        throw new FormatException(
            "The usage object has none of the fields of a known API (prompt_tokens, input_tokens, promptTokenCount).");
    }

    private static TokenUsage FromOpenAIChat(JsonElement usage)
    {
        var details = Child(usage, "prompt_tokens_details");
        var outputDetails = Child(usage, "completion_tokens_details");
        return new TokenUsage
        {
            InputTokens = Count(usage, "prompt_tokens"),
            CachedInputTokens = Count(details, "cached_tokens"),
            CacheWriteTokens = Count(details, "cache_write_tokens"),
            OutputTokens = Count(usage, "completion_tokens"),
            ReasoningTokens = Count(outputDetails, "reasoning_tokens"),
        };
    }

    private static TokenUsage FromOpenAIResponses(JsonElement usage)
    {
        var details = Child(usage, "input_tokens_details");
        var outputDetails = Child(usage, "output_tokens_details");
        return new TokenUsage
        {
            InputTokens = Count(usage, "input_tokens"),
            CachedInputTokens = Count(details, "cached_tokens"),
            CacheWriteTokens = Count(details, "cache_write_tokens"),
            OutputTokens = Count(usage, "output_tokens"),
            ReasoningTokens = Count(outputDetails, "reasoning_tokens"),
        };
    }

    private static TokenUsage FromAnthropic(JsonElement usage)
    {
        long? uncached = Count(usage, "input_tokens");
        long? reads = Count(usage, "cache_read_input_tokens");
        long? writes = Count(usage, "cache_creation_input_tokens");
        var creation = Child(usage, "cache_creation");
        long? writes5m = Count(creation, "ephemeral_5m_input_tokens");
        long? writes1h = Count(creation, "ephemeral_1h_input_tokens");
        if (writes5m is not null || writes1h is not null)
        {
            // The breakdown, where present, is authoritative; the total only covers what it leaves out.
            long split = (writes5m ?? 0) + (writes1h ?? 0);
            writes5m = (writes5m ?? 0) + Math.Max(0, (writes ?? split) - split);
        }
        else
        {
            writes5m = writes;
        }

        return new TokenUsage
        {
            InputTokens = uncached is null && reads is null && writes is null
                ? null
                : (uncached ?? 0) + (reads ?? 0) + (writes5m ?? 0) + (writes1h ?? 0),
            CachedInputTokens = reads,
            CacheWriteTokens = writes5m,
            CacheWrite1HourTokens = writes1h,
            OutputTokens = Count(usage, "output_tokens"),
        };
    }

    private static TokenUsage FromGemini(JsonElement usage)
    {
        long? candidates = Count(usage, "candidatesTokenCount");
        long? thoughts = Count(usage, "thoughtsTokenCount");
        return new TokenUsage
        {
            InputTokens = Count(usage, "promptTokenCount"),
            CachedInputTokens = Count(usage, "cachedContentTokenCount"),
            OutputTokens = candidates is null && thoughts is null ? null : (candidates ?? 0) + (thoughts ?? 0),
            ReasoningTokens = thoughts,
        };
    }

    private static JsonElement Child(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var child) ? child : default;

    private static long? Count(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long count) && count >= 0)
        {
            return count;
        }

        throw new FormatException($"'{name}' must be a non-negative whole number, found {value.GetRawText()}.");
    }

    private static long? Lookup(AdditionalPropertiesDictionary<long>? counts, string key) =>
        counts is not null && counts.TryGetValue(key, out long value) ? value : null;
}
