using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What a request needs of a tier, computed lazily: most checks never need the exact token count.</summary>
internal sealed class RequestNeeds(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ITokenCounter counter)
{
    // Byte-level BPE encodings never produce more tokens than the text has UTF-8 bytes; each message adds a few tokens
    // of its own (role and separators), and the reply is primed with a few more.
    private const int OverheadPerMessage = 8;
    private const int OverheadPerPrompt = 8;

    private long _upperBound = -1;
    private long _characters = -1;
    private string? _toolDefinitions;
    private int _exactTokens = -1;
    private int _vision = -1;

    public bool Tools => options?.Tools is { Count: > 0 } && options.ToolMode is not NoneChatToolMode;

    public bool StructuredOutput => options?.ResponseFormat is ChatResponseFormatJson { Schema: not null };

    public int? OutputTokens => options?.MaxOutputTokens;

    public bool Vision
    {
        get
        {
            if (_vision < 0)
            {
                _vision = messages.Any(static m => m.Contents.Any(static c => c switch
                {
                    DataContent data => data.HasTopLevelMediaType("image"),
                    UriContent uri => uri.HasTopLevelMediaType("image"),
                    _ => false,
                })) ? 1 : 0;
            }

            return _vision == 1;
        }
    }

    /// <summary>Checks that the prompt (its messages, instructions and tools) plus <paramref name="reservedOutput"/>
    /// fits in <paramref name="limit"/> tokens. The UTF-8 size bounds the tokens from above, so the prompt is counted
    /// only when that bound does not fit; <paramref name="tokens"/> is then the exact count, else -1.</summary>
    public bool Fits(int limit, int reservedOutput, out int tokens)
    {
        tokens = -1;

        // Three UTF-8 bytes per UTF-16 character at most: a bound that needs only the lengths.
        if ((3 * Characters) + reservedOutput <= limit || UpperBound + reservedOutput <= limit)
        {
            return true;
        }

        if (_exactTokens < 0)
        {
            long exact = counter.CountPromptTokens(messages, options);
            if (options?.Instructions is { Length: > 0 } instructions)
            {
                exact += counter.CountTokens(instructions) + OverheadPerMessage;
            }

            _exactTokens = (int)Math.Min(exact, int.MaxValue);
        }

        tokens = _exactTokens;
        return (long)_exactTokens + reservedOutput <= limit;
    }

    private long Characters
    {
        get
        {
            if (_characters < 0)
            {
                long characters = OverheadPerPrompt;
                foreach (var message in messages)
                {
                    characters += OverheadPerMessage;
                    foreach (var content in message.Contents)
                    {
                        var (first, second) = ContentText.Of(content);
                        characters += (first?.Length ?? 0) + (second?.Length ?? 0);
                    }
                }

                characters += (options?.Instructions?.Length ?? 0) + OverheadPerMessage;
                characters += ToolDefinitions?.Length ?? 0;

                _characters = characters;
            }

            return _characters;
        }
    }

    // The tools as the token counter renders them, rendered once for both bounds.
    private string? ToolDefinitions => options?.Tools is { Count: > 0 } tools ? _toolDefinitions ??= ToolText.Render(tools) : null;

    private long UpperBound
    {
        get
        {
            if (_upperBound < 0)
            {
                long bytes = OverheadPerPrompt;
                foreach (var message in messages)
                {
                    bytes += OverheadPerMessage;
                    foreach (var content in message.Contents)
                    {
                        var (first, second) = ContentText.Of(content);
                        bytes += (first is null ? 0 : Encoding.UTF8.GetByteCount(first)) + (second is null ? 0 : Encoding.UTF8.GetByteCount(second));
                    }
                }

                if (options?.Instructions is { } instructions)
                {
                    bytes += OverheadPerMessage + Encoding.UTF8.GetByteCount(instructions);
                }

                if (ToolDefinitions is { } tools)
                {
                    bytes += Encoding.UTF8.GetByteCount(tools);
                }

                _upperBound = bytes;
            }

            return _upperBound;
        }
    }
}

/// <summary>A tier's limits, from its capabilities and its catalog entry.</summary>
internal sealed class TierLimits(ModelTier tier, ModelPrice price)
{
    private readonly int? _window = tier.Capabilities.ContextWindow;
    private readonly int? _maxInput = tier.Capabilities.ContextWindow is null ? price.MaxInputTokens : null;
    private readonly int? _maxOutput = tier.Capabilities.MaxOutputTokens ?? price.MaxOutputTokens;
    private readonly TierCapabilities _capabilities = tier.Capabilities.Clone();

    public TierExclusion? Check(RequestNeeds needs, double? floor)
    {
        if (floor is double f && tier.QualityHint is double q && q < f)
        {
            return Exclude(TierExclusionReason.QualityFloor, $"quality hint {q:0.###} is below the floor {f:0.###}");
        }

        if (!_capabilities.Tools && needs.Tools)
        {
            return Exclude(TierExclusionReason.Tools, "the request offers tools; the tier cannot call them");
        }

        if (!_capabilities.StructuredOutput && needs.StructuredOutput)
        {
            return Exclude(TierExclusionReason.StructuredOutput, "the request asks for a JSON schema response; the tier does not support it");
        }

        if (_maxOutput is int maxOutput && needs.OutputTokens is int output && output > maxOutput)
        {
            return Exclude(TierExclusionReason.OutputLimit, $"asks for up to {output:N0} output tokens; the model produces at most {maxOutput:N0}");
        }

        if (!_capabilities.Vision && needs.Vision)
        {
            return Exclude(TierExclusionReason.Vision, "the request holds images; the tier does not accept them");
        }

        if (_window is int window && !needs.Fits(window, needs.OutputTokens ?? 0, out int tokens))
        {
            return Exclude(TierExclusionReason.ContextWindow, $"needs {tokens:N0} prompt tokens plus {needs.OutputTokens ?? 0:N0} output; the window is {window:N0}");
        }

        if (_maxInput is int maxInput && !needs.Fits(maxInput, 0, out tokens))
        {
            return Exclude(TierExclusionReason.ContextWindow, $"needs {tokens:N0} prompt tokens; the model takes at most {maxInput:N0}");
        }

        return null;
    }

    private TierExclusion Exclude(TierExclusionReason reason, FormattableString detail) =>
        new(tier.Name, reason, detail.ToString(CultureInfo.InvariantCulture));

    private TierExclusion Exclude(TierExclusionReason reason, string detail) => new(tier.Name, reason, detail);
}
