using Anthropic.Models.Messages;

namespace CostAware;

/// <summary>
/// Completes the usage the Anthropic SDK's <see cref="Microsoft.Extensions.AI.IChatClient"/> reports with the split of
/// cache writes into 5-minute and 1-hour ones, which the adapter folds into one count but the Messages API gives in
/// <c>usage.cache_creation</c>. Without it, 1-hour writes are priced at the 5-minute rate.
/// </summary>
/// <remarks>Add it to <see cref="TokenMeterOptions.UsageRefiners"/> (or register it in DI as an
/// <see cref="ITokenUsageRefiner"/>). It reads the <see cref="Message"/> of a response and the
/// <c>message_start</c> event of a stream (the meter applies stream events once the adapter's usage has arrived);
/// anything else passes through unchanged.</remarks>
public sealed class AnthropicUsageRefiner : ITokenUsageRefiner
{
    /// <inheritdoc />
    public TokenUsage Refine(TokenUsage usage, object? rawRepresentation)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var creation = rawRepresentation switch
        {
            Message message => message.Usage.CacheCreation,
            RawMessageStreamEvent streamEvent when streamEvent.TryPickStart(out var start) => start.Message.Usage.CacheCreation,
            _ => null,
        };
        if (creation is null)
        {
            return usage;
        }

        long oneHour = creation.Ephemeral1hInputTokens;
        long total = usage.TotalCacheWriteTokens;
        return usage with
        {
            CacheWriteTokens = Math.Max(0, total - oneHour),
            CacheWrite1HourTokens = Math.Min(oneHour, total),
        };
    }
}
