using System.Globalization;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>What a request needs of a tier, computed lazily: most checks never need the exact token count.</summary>
internal sealed class RequestNeeds(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ITokenCounter counter)
{
    // Generous bounds on tokens per character: no tokenizer in use packs more than 6 characters of text per token on
    // average, and none spends more than one token per character plus per-message overhead.
    private const int MaxCharactersPerToken = 6;
    private const int OverheadPerMessage = 8;
    private const int OverheadPerTool = 500;

    private int _characters = -1;
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

    /// <summary>Checks that the prompt (plus <paramref name="reservedOutput"/>) fits in <paramref name="limit"/>
    /// tokens; counts exactly only when the bounds from the character count cannot decide.</summary>
    public bool Fits(int limit, int reservedOutput, out int tokens)
    {
        int characters = Characters;
        int tools = options?.Tools?.Count ?? 0;
        long upper = characters + ((long)OverheadPerMessage * messages.Count) + ((long)OverheadPerTool * tools) + reservedOutput;
        if (upper <= limit)
        {
            tokens = -1;
            return true;
        }

        long lower = (characters / MaxCharactersPerToken) + reservedOutput;
        if (lower > limit)
        {
            tokens = (int)Math.Min(lower - reservedOutput, int.MaxValue);
            return false;
        }

        if (_exactTokens < 0)
        {
            _exactTokens = counter.CountPromptTokens(messages, options);
        }

        tokens = _exactTokens;
        return (long)_exactTokens + reservedOutput <= limit;
    }

    private int Characters
    {
        get
        {
            if (_characters < 0)
            {
                long sum = 0;
                foreach (var message in messages)
                {
                    foreach (var content in message.Contents)
                    {
                        var (first, second) = ContentText.Of(content);
                        sum += (first?.Length ?? 0) + (second?.Length ?? 0);
                    }
                }

                _characters = (int)Math.Min(sum, int.MaxValue);
            }

            return _characters;
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
