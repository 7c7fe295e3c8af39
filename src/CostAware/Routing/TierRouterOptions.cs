using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>Options of <see cref="TierRouterChatClient"/>.</summary>
/// <remarks>
/// <para>Tiers are ordered by price, cheapest first: the price of a nominal request of three input tokens to one output
/// token, from <see cref="ModelTier.Price"/> or the price catalog. A tier whose model has no price is an error, so
/// that a typo in a model name cannot make an expensive model look free. Equal prices keep the configured order.</para>
/// <para>All options can be read from configuration with <see cref="TierRouterOptionsConfigurationExtensions.Configure"/>.</para>
/// </remarks>
public sealed class TierRouterOptions
{
    /// <summary>Gets the tiers, in any order (they are ordered by price).</summary>
    public IList<ModelTier> Tiers { get; } = [];

    /// <summary>Gets or sets the difficulty classifier; a <see cref="HeuristicDifficultyClassifier"/> with default
    /// weights when <see langword="null"/>.</summary>
    public IDifficultyClassifier? Classifier { get; set; }

    /// <summary>Gets or sets the thresholds that map a score to a tier; when <see langword="null"/>, [0, 1] is split
    /// evenly (<see cref="RoutingThresholds.Even"/>), which is only a starting point: calibrate on your own prompts with
    /// <see cref="RouterCalibration"/>.</summary>
    public RoutingThresholds? Thresholds { get; set; }

    /// <summary>Gets or sets a quality floor: tiers whose <see cref="ModelTier.QualityHint"/> is below it are left out.
    /// A request can set its own floor with <see cref="RoutingChatOptionsExtensions.WithMinimumQuality"/>. A floor
    /// that leaves out every tier cheaper than the strongest is reported on the decision, in a warning and in metrics.</summary>
    public double? MinimumQuality { get; set; }

    /// <summary>Gets or sets how far, as a fraction of requests, a tier's realised share may move from its target share
    /// (<see cref="RoutingThresholds.TargetShares"/>) before a drift warning is logged. Default 0.10 (ten points).</summary>
    public double DriftTolerance { get; set; } = 0.10;

    /// <summary>Gets or sets the number of recent requests the realised shares are measured over. Default 1,000.</summary>
    public int StatisticsWindow { get; set; } = 1000;

    /// <summary>Gets or sets the number of requests in the window before drift is judged. Default 200.</summary>
    public int MinimumRequestsForDrift { get; set; } = 200;

    /// <summary>Gets or sets a value indicating whether a conversation stays on the tier that served its first turn
    /// (provider prompt caches are per model), unless a later turn needs a capability the tier lacks; such a turn
    /// moves up alone, and the conversation stays remembered on its first tier. Default <see langword="false"/>.</summary>
    /// <remarks>A conversation named by the caller (<see cref="ChatOptions.ConversationId"/>, the
    /// <see cref="RoutingChatOptionsExtensions.ConversationKey"/> property or <see cref="ConversationKeySelector"/>)
    /// is looked up on every request. One identified by its opening messages is looked up only on later turns
    /// (requests that already hold an assistant message), so unrelated single requests that open the same way never
    /// share a tier.</remarks>
    public bool ConversationStickiness { get; set; }

    /// <summary>Gets or sets how long a conversation's tier is remembered after its last request. Default one hour.</summary>
    public TimeSpan StickinessDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the most conversations remembered; the least recently used are forgotten first. Default
    /// 10,000.</summary>
    public int MaximumConversations { get; set; } = 10_000;

    /// <summary>Gets or sets how a request's conversation is identified for stickiness. By default:
    /// <see cref="ChatOptions.ConversationId"/>, else the string under
    /// <see cref="RoutingChatOptionsExtensions.ConversationKey"/> in <see cref="ChatOptions.AdditionalProperties"/>,
    /// else a hash of the lengths and first 512 characters of the system prompt and the first user message (the same on
    /// every turn of a conversation whose history is resent).</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string?>? ConversationKeySelector { get; set; }

    /// <summary>Gets or sets a value indicating whether the <see cref="RouteDecision"/> is attached to responses
    /// (under <see cref="RouteDecision.ResponseKey"/>; on the first update of a stream). Default <see langword="true"/>.</summary>
    public bool AttachDecisionToResponse { get; set; } = true;

    /// <summary>Gets or sets the score used when the classifier fails (throws anything but a cancellation), for
    /// example when a model-based classifier's rating call times out; the failure is logged as a warning and the
    /// decision's reason is <see cref="RouteReason.ClassifierFailed"/>. Default <see langword="null"/>: the failure
    /// fails the request. 1 sends such requests to the strongest tier.</summary>
    public double? ScoreWhenClassifierFails { get; set; }
}
