using System.Collections.Concurrent;
using System.Text.Json;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace CostAware.Simulation;

/// <summary>Turns a request into the token-id sequence a provider caches, following the same accounting as
/// <see cref="ITokenCounter.CountPromptTokens"/> so that the sequence length equals the core's estimate.</summary>
/// <remarks>Texts are encoded once and kept in a small bounded table: a replay re-sends the same system prompt and
/// conversation history on every call, and tokenizing them again would dominate the simulator's cost.</remarks>
internal sealed class PromptEncoder
{
    /// <summary>The key the Anthropic SDK reads a content block's cache control from.</summary>
    public const string ContentCacheControlKey = "anthropic:cache_control";

    /// <summary>The key the Anthropic SDK reads a tool's cache control from
    /// (<c>nameof(Tool.CacheControl)</c>).</summary>
    public const string ToolCacheControlKey = "CacheControl";

    /// <summary>The most texts kept encoded; the table is emptied when full, which keeps memory bounded.</summary>
    public const int MaximumCachedTexts = 4096;

    private static readonly TimeSpan s_fiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_oneHour = TimeSpan.FromHours(1);

    // Negative ids never collide with a real vocabulary entry; they stand for the tokens the chat format adds.
    private static readonly int[] s_messageOverhead = [-1, -2, -3];
    private static readonly int[] s_replyPriming = [-4, -5, -6];

    private readonly ITokenCounter _counter;
    private readonly ConcurrentDictionary<string, int[]> _texts = new(StringComparer.Ordinal);

    public PromptEncoder(ITokenCounter counter)
    {
        _counter = counter;
    }

    public EncodedPrompt Encode(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var tokens = new List<int>(2048);
        var blockEnds = new List<int>();
        var breakpoints = new List<CacheBreakpoint>();

        if (options?.Tools is { Count: > 0 } tools)
        {
            AddTools(tools, tokens, blockEnds, breakpoints);
        }

        // Providers put the system prompt ahead of the conversation whatever its position in the list.
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        foreach (var message in list)
        {
            if (message.Role == ChatRole.System)
            {
                AddMessage(message, tokens, blockEnds, breakpoints);
            }
        }

        foreach (var message in list)
        {
            if (message.Role != ChatRole.System)
            {
                AddMessage(message, tokens, blockEnds, breakpoints);
            }
        }

        tokens.AddRange(s_replyPriming);
        return new EncodedPrompt([.. tokens], blockEnds, breakpoints, Fingerprint(list, options));
    }

    // The answer a real model gives depends on what a prompt says, not on where a line sits; hashing the sorted line
    // hashes keeps the simulated answer the same when a decorator only moves lines around.
    private static ulong Fingerprint(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var hashes = new List<ulong>();
        if (options?.Tools is { } tools)
        {
            foreach (var tool in tools)
            {
                hashes.Add(StableHash.Add(StableHash.Seed, tool.Name));
            }
        }

        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                var (first, second) = ContentText.Of(content);
                AddLines(first, hashes);
                AddLines(second, hashes);
            }
        }

        hashes.Sort();
        ulong fingerprint = StableHash.Seed;
        foreach (ulong hash in hashes)
        {
            fingerprint = StableHash.Add(fingerprint, (long)hash);
        }

        return StableHash.Mix(fingerprint);
    }

    private static void AddLines(string? text, List<ulong> hashes)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
            {
                hashes.Add(StableHash.Add(StableHash.Seed, line.ToString()));
            }
        }
    }

    public int[] EncodeText(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        if (_texts.TryGetValue(text, out int[]? ids))
        {
            return ids;
        }

        ids = [.. _counter.EncodeToIds(text)];
        if (_texts.Count >= MaximumCachedTexts)
        {
            _texts.Clear();
        }

        _texts.TryAdd(text, ids);
        return ids;
    }

    private void AddTools(IList<AITool> tools, List<int> tokens, List<int> blockEnds, List<CacheBreakpoint> breakpoints)
    {
        int start = tokens.Count;
        tokens.AddRange(EncodeText(ToolText.Render(tools)));
        bool anyBreakpoint = tools.Any(t => ToolTtl(t) is not null);
        if (!anyBreakpoint)
        {
            blockEnds.Add(tokens.Count);
            return;
        }

        // Each tool is its own block only when one carries a breakpoint; its end is where the rendering of the tools
        // so far stops, which is exact because every tool's text ends in a newline, where the tokenizer always splits.
        for (int i = 0; i < tools.Count; i++)
        {
            int end = i == tools.Count - 1
                ? tokens.Count
                : Math.Min(tokens.Count, start + _counter.CountTokens(ToolText.Render(tools.Take(i + 1).ToList())));
            if (ToolTtl(tools[i]) is { } ttl)
            {
                breakpoints.Add(new CacheBreakpoint(blockEnds.Count, ttl));
            }

            blockEnds.Add(end);
        }
    }

    private void AddMessage(ChatMessage message, List<int> tokens, List<int> blockEnds, List<CacheBreakpoint> breakpoints)
    {
        tokens.AddRange(s_messageOverhead);
        tokens.AddRange(EncodeText(message.Role.Value));
        foreach (var content in message.Contents)
        {
            AddContent(content, tokens);
            if (ContentTtl(content) is { } ttl)
            {
                breakpoints.Add(new CacheBreakpoint(blockEnds.Count, ttl));
            }

            blockEnds.Add(tokens.Count);
        }
    }

    private void AddContent(AIContent content, List<int> tokens)
    {
        var (first, second) = ContentText.Of(content);
        if (first is not null)
        {
            tokens.AddRange(EncodeText(first));
        }

        if (second is not null)
        {
            tokens.AddRange(EncodeText(second));
        }
    }

    private static TimeSpan? ContentTtl(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(ContentCacheControlKey, out object? value) == true ? TtlOf(value) : null;

    private static TimeSpan? ToolTtl(AITool tool) =>
        tool.AdditionalProperties.TryGetValue(ToolCacheControlKey, out object? value) ? TtlOf(value) : null;

    private static TimeSpan? TtlOf(object? value) => value switch
    {
        CacheControlEphemeral control => control.Ttl?.Raw() == "1h" ? s_oneHour : s_fiveMinutes,
        _ => null,
    };
}
