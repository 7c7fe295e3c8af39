using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Per-request routing settings on <see cref="ChatOptions"/>, and the router's decision on responses.</summary>
public static class RoutingChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a tier name the request must go to.</summary>
    public const string TierKey = "costaware.router.tier";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a request's quality floor (a double).</summary>
    public const string MinimumQualityKey = "costaware.router.minimum_quality";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a conversation key (a string) for
    /// stickiness, when <see cref="ChatOptions.ConversationId"/> is not used.</summary>
    public const string ConversationKey = "costaware.conversation";

    /// <summary>Sends the request to a named tier, whatever its score; capabilities are still checked.</summary>
    /// <param name="options">The options.</param>
    /// <param name="tier">The tier's name.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithRoutingTier(this ChatOptions options, string tier)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(tier);
        (options.AdditionalProperties ??= [])[TierKey] = tier;
        return options;
    }

    /// <summary>Sets the request's quality floor: tiers whose quality hint is below it are left out.</summary>
    /// <param name="options">The options.</param>
    /// <param name="minimumQuality">The floor, in [0, 1].</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithMinimumQuality(this ChatOptions options, double minimumQuality)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumQuality, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumQuality, 1);
        (options.AdditionalProperties ??= [])[MinimumQualityKey] = minimumQuality;
        return options;
    }

    /// <summary>Returns the router's decision attached to a response, or <see langword="null"/>.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The decision.</returns>
    public static RouteDecision? GetRouteDecision(this ChatResponse response) =>
        response.FindProperty<RouteDecision>(RouteDecision.ResponseKey);

    /// <summary>Returns the router's decision attached to a streamed update (the first of a stream), or
    /// <see langword="null"/>.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The decision.</returns>
    public static RouteDecision? GetRouteDecision(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(RouteDecision.ResponseKey, out var value) == true ? value as RouteDecision : null;
    }
}
