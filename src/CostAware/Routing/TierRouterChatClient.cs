using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostAware;

#pragma warning disable MEAI001 // RoutingChatClient is marked for evaluation in Microsoft.Extensions.AI 11; the router is built on it as the platform's routing template.

/// <summary>
/// A chat client that sends each request to the cheapest model tier able to handle it: a classifier scores the
/// request's difficulty, calibrated thresholds map the score to a tier, and the cheapest tier at or above it whose
/// capabilities fit the request (context window, output limit, tools, images, JSON schema, quality floor) is called.
/// </summary>
/// <remarks>
/// <para>Built on <see cref="RoutingChatClient"/>: <see cref="SelectClientAsync"/> decides, the base class invokes the
/// chosen tier's client once and propagates its response or failure. The chosen tier's model is set on
/// <see cref="ChatOptions.ModelId"/>.</para>
/// <para>The <see cref="RouteDecision"/> (tier, score, reason and every tier left out with why) is attached to the
/// response, passed to the chosen tier in its options so that a token meter below copies it into the ledger entry
/// (<see cref="CostLedgerEntry.RouteDecision"/>), logged at debug level and counted in metrics
/// (<see cref="CostAwareTelemetry.RouterRequestsInstrument"/>, <see cref="CostAwareTelemetry.RouterTierShareInstrument"/>).
/// The realised share of each tier over a sliding window is compared with the calibrated share, and a warning is
/// logged when they drift apart by more than <see cref="TierRouterOptions.DriftTolerance"/>.</para>
/// <para>Put a token meter on every tier's client (or below the router, when the tiers share the pipeline's client)
/// so that each call is priced. This type is thread-safe. It does not dispose the tier clients.</para>
/// </remarks>
public sealed class TierRouterChatClient : RoutingChatClient
{
    private const string DecisionBoxKey = "costaware.router.decision_box";
    private const int ConversationKeyCharacters = 512;

    private readonly ModelTier[] _tiers;
    private readonly IChatClient? _defaultClient;
    private readonly bool _ownsDefaultClient;
    private readonly double? _minimumQuality;
    private readonly bool _attachDecision;
    private readonly Func<IReadOnlyList<ChatMessage>, ChatOptions?, string?>? _conversationKeySelector;
    private readonly double? _scoreWhenClassifierFails;
    private int _disposed;
    private readonly IChatClient[] _clients;
    private readonly TierLimits[] _limits;
    private readonly IDifficultyClassifier _classifier;
    private readonly ITokenCounter _tokenCounter;
    private readonly ILogger _logger;
    private readonly RouterMonitor _monitor;
    private readonly StickyTiers? _sticky;
    private readonly OwnedMeter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _qualityFloorExcluded;
    private readonly HashSet<double> _floorsWarned = [];

    /// <summary>Initializes a new instance of the <see cref="TierRouterChatClient"/> class.</summary>
    /// <param name="options">The tiers, classifier, thresholds and behaviour.</param>
    /// <param name="defaultClient">The client for tiers without one of their own (it receives the tier's model in
    /// <see cref="ChatOptions.ModelId"/>); optional when every tier has a client.</param>
    /// <param name="catalog">The price catalog that orders the tiers and supplies their limits; the built-in one when
    /// <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="meterFactory">The meter factory for metrics.</param>
    /// <param name="timeProvider">The clock, for conversation stickiness.</param>
    /// <param name="tokenCounter">Counts prompt tokens when a prompt may not fit a tier's context window;
    /// <see cref="TiktokenTokenCounter.O200kBase"/> by default.</param>
    /// <exception cref="ArgumentException">The options are invalid: fewer than two tiers, duplicate names, a tier
    /// without a model, client or price, or thresholds for another number of tiers. The message names what is wrong.</exception>
    public TierRouterChatClient(
        TierRouterOptions options,
        IChatClient? defaultClient = null,
        PriceCatalog? catalog = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null,
        ITokenCounter? tokenCounter = null)
        : this(options, tier => tier.Client ?? defaultClient, defaultClient, ownsDefaultClient: false, catalog, loggerFactory, meterFactory, timeProvider, tokenCounter)
    {
    }

    internal TierRouterChatClient(
        TierRouterOptions options,
        Func<ModelTier, IChatClient?> resolveClient,
        IChatClient? defaultClient,
        bool ownsDefaultClient,
        PriceCatalog? catalog,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        TimeProvider? timeProvider,
        ITokenCounter? tokenCounter)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        catalog ??= PriceCatalog.BuiltIn;
        _defaultClient = defaultClient;
        _ownsDefaultClient = ownsDefaultClient;

        // The options are read once: changing them afterwards does not change this router.
        _minimumQuality = options.MinimumQuality;
        _attachDecision = options.AttachDecisionToResponse;
        _conversationKeySelector = options.ConversationKeySelector;
        _scoreWhenClassifierFails = options.ScoreWhenClassifierFails;
        _logger = loggerFactory?.CreateLogger<TierRouterChatClient>() ?? NullLogger<TierRouterChatClient>.Instance;
        _tokenCounter = tokenCounter ?? TiktokenTokenCounter.O200kBase;
        _classifier = options.Classifier ?? new HeuristicDifficultyClassifier();

        var resolved = new List<(ModelTier Tier, IChatClient Client, ModelPrice Price, int Order)>();
        for (int i = 0; i < options.Tiers.Count; i++)
        {
            var tier = options.Tiers[i].Snapshot();
            var client = resolveClient(tier) ?? throw new ArgumentException(
                $"Tier '{tier.Name}' has no client: set ModelTier.Client, register a keyed IChatClient under '{tier.ServiceKey ?? tier.Name}', or give the router a default client.", nameof(options));
            var price = tier.Price ?? (catalog.TryResolve(tier.ModelId, out var resolution) ? resolution.Price : null) ?? throw new ArgumentException(
                $"Tier '{tier.Name}': the price catalog has no price for model '{tier.ModelId}'. Check the model name, add the model to the catalog, or set ModelTier.Price.", nameof(options));
            if (price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                throw new ArgumentException($"Tier '{tier.Name}': prices cannot be negative (input {price.InputPerMillion}, output {price.OutputPerMillion} per million).", nameof(options));
            }

            resolved.Add((tier, client, price, i));
        }

        var ordered = resolved.OrderBy(static t => NominalPrice(t.Price)).ThenBy(static t => t.Order).ToArray();
        _tiers = [.. ordered.Select(static t => t.Tier)];
        _clients = [.. ordered.Select(static t => t.Client)];
        _limits = [.. ordered.Select(static t => new TierLimits(t.Tier, t.Price))];
        Thresholds = options.Thresholds ?? RoutingThresholds.Even(_tiers.Length);
        if (Thresholds.TierCount != _tiers.Length)
        {
            throw new ArgumentException($"The thresholds split scores between {Thresholds.TierCount} tiers, but {_tiers.Length} are configured.", nameof(options));
        }

        _monitor = new RouterMonitor(_tiers, Thresholds, options, _logger);
        if (Thresholds.TargetShares is null)
        {
            RouterLog.DriftNotJudged(_logger);
        }

        if (options.ConversationStickiness)
        {
            _sticky = new StickyTiers(timeProvider ?? TimeProvider.System, options.StickinessDuration, options.MaximumConversations);
        }

        _meter = new OwnedMeter(meterFactory);
        _requests = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.RouterRequestsInstrument, "{request}", "Requests routed, by tier and reason.");
        _qualityFloorExcluded = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.RouterQualityFloorInstrument, "{request}", "Requests whose quality floor left out every cheaper tier.");
        _meter.Meter.CreateObservableGauge(CostAwareTelemetry.RouterTierShareInstrument, ObserveShares, null, "Each tier's share of the requests in the statistics window.");
    }

    /// <summary>Gets the tiers, cheapest first (copies taken when the router was created).</summary>
    public IReadOnlyList<ModelTier> Tiers => _tiers;

    /// <summary>Gets the thresholds in use.</summary>
    public RoutingThresholds Thresholds { get; }

    /// <summary>Returns where the router has sent requests: totals, the realised shares over the statistics window, the
    /// calibrated shares and the drift between them.</summary>
    /// <returns>The snapshot.</returns>
    public RouterStatistics GetStatistics() => _monitor.Snapshot();

    /// <summary>Decides where a request would go, without calling any tier or counting it in the statistics (a
    /// model-based classifier is still called).</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="cancellationToken">Cancels the classifier.</param>
    /// <returns>The decision.</returns>
    public ValueTask<RouteDecision> DecideAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return DecideAsync(messages as IReadOnlyList<ChatMessage> ?? [.. messages], options, record: false, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var box = new StrongBox<RouteDecision?>();
        var response = await base.GetResponseAsync(Materialize(messages), WithBox(options, box), cancellationToken).ConfigureAwait(false);
        if (_attachDecision && box.Value is { } decision)
        {
            (response.AdditionalProperties ??= [])[RouteDecision.ResponseKey] = decision;
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var box = new StrongBox<RouteDecision?>();
        bool first = true;
        await foreach (var update in base.GetStreamingResponseAsync(Materialize(messages), WithBox(options, box), cancellationToken).ConfigureAwait(false))
        {
            if (first && _attachDecision && box.Value is { } decision)
            {
                (update.AdditionalProperties ??= [])[RouteDecision.ResponseKey] = decision;
            }

            first = false;
            yield return update;
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this)
            ? this
            : base.GetService(serviceType, serviceKey) ?? _defaultClient?.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    protected override async ValueTask<IChatClient> SelectClientAsync(RoutingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The overrides above always pass options (a clone carrying the box the decision is returned in), and the
        // base class clones them into the context; the selected tier receives exactly these options.
        var options = context.ChatOptions ?? throw new InvalidOperationException("The routing context carries no options.");
        var properties = options.AdditionalProperties ??= [];
        var box = properties.TryGetValue(DecisionBoxKey, out var value) ? value as StrongBox<RouteDecision?> : null;
        properties.Remove(DecisionBoxKey);

        var messages = context.Messages as IReadOnlyList<ChatMessage> ?? [.. context.Messages];
        var decision = await DecideAsync(messages, options, record: true, cancellationToken).ConfigureAwait(false);
        options.ModelId = decision.ModelId;
        properties[RouteDecision.ResponseKey] = decision;
        if (!properties.ContainsKey(CallCorrelation.OptionsKey))
        {
            properties[CallCorrelation.OptionsKey] = new CallCorrelation(CostLedgerEntry.NewId(), 1, decision.Tier, IsEscalation: false);
        }

        if (box is not null)
        {
            box.Value = decision;
        }

        return _clients[decision.TierIndex];
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _meter.Dispose();

            if (_ownsDefaultClient)
            {
                _defaultClient?.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private async ValueTask<RouteDecision> DecideAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool record, CancellationToken cancellationToken)
    {
        var needs = new RequestNeeds(messages, options, _tokenCounter);
        double? floor = MinimumQualityOf(options) ?? _minimumQuality;
        var unfit = new TierExclusion?[_tiers.Length];
        for (int i = 0; i < _tiers.Length; i++)
        {
            unfit[i] = _limits[i].Check(needs, floor);
        }

        int target;
        int? scoreTier = null;
        double? score = null;
        RouteReason targetReason;
        string? conversation = null;
        bool laterTurn = false;
        bool firstOfNamed = false;
        var forced = ForcedTierOf(options);
        if (forced is not null)
        {
            target = Array.FindIndex(_tiers, t => string.Equals(t.Name, forced, StringComparison.Ordinal));
            if (target < 0)
            {
                throw new ArgumentException(
                    $"The request names tier '{forced}' ({RoutingChatOptionsExtensions.TierKey}), which is not configured; the tiers are {string.Join(", ", _tiers.Select(static t => t.Name))}.", nameof(options));
            }

            targetReason = RouteReason.Forced;
        }
        else
        {
            targetReason = RouteReason.Score;
            try
            {
                score = DifficultyClassifier.CheckScore(await _classifier.ScoreAsync(new DifficultyContext(messages, options), cancellationToken).ConfigureAwait(false), _classifier);
            }
            catch (Exception e) when (_scoreWhenClassifierFails is double fallback && e is not OperationCanceledException)
            {
                RouterLog.ClassifierFailed(_logger, fallback, e);
                score = fallback;
                targetReason = RouteReason.ClassifierFailed;
            }

            target = Thresholds.TierFor(score.Value);
            scoreTier = target;
            if (_sticky is not null && ConversationKeyOf(messages, options) is (string key, bool named))
            {
                // A conversation named by the caller is looked up on every request. One keyed by its opening is looked
                // up only on a later turn (it already holds an answer), so that unrelated single requests that open
                // the same way never share a tier.
                conversation = key;
                laterTurn = named || messages.Any(static m => m.Role == ChatRole.Assistant);
                if (laterTurn && _sticky.TryGet(conversation, out int kept) && kept < _tiers.Length)
                {
                    target = kept;
                    targetReason = RouteReason.Sticky;
                }
                else
                {
                    firstOfNamed = named;
                }
            }
        }

        int chosen = -1;
        for (int i = target; i < _tiers.Length; i++)
        {
            if (unfit[i] is null)
            {
                chosen = i;
                break;
            }
        }

        RouteReason reason = chosen == target ? targetReason : RouteReason.Capability;
        if (chosen < 0)
        {
            for (int i = target - 1; i >= 0; i--)
            {
                if (unfit[i] is null)
                {
                    chosen = i;
                    reason = RouteReason.FallbackToCheaper;
                    break;
                }
            }
        }

        if (chosen < 0)
        {
            throw new InvalidOperationException(
                "No configured tier can handle the request: " + string.Join("; ", unfit.Select(static e => $"{e!.Tier} ({e.Reason}: {e.Detail})")) + ".");
        }

        var excluded = new List<TierExclusion>();
        bool floorExcludedAll = floor is not null && _tiers.Length > 1;
        for (int i = 0; i < _tiers.Length; i++)
        {
            if (i < _tiers.Length - 1 && unfit[i]?.Reason != TierExclusionReason.QualityFloor)
            {
                floorExcludedAll = false;
            }

            if (unfit[i] is { } exclusion)
            {
                excluded.Add(exclusion);
            }
            else if (i < chosen)
            {
                // A fitting tier cheaper than the one chosen: it was below the tier the request was aimed at.
                excluded.Add(targetReason switch
                {
                    RouteReason.Forced => new TierExclusion(_tiers[i].Name, TierExclusionReason.Forced, $"the request named '{forced}'"),
                    RouteReason.Sticky => new TierExclusion(_tiers[i].Name, TierExclusionReason.Sticky, $"the conversation is kept on '{_tiers[target].Name}'"),
                    _ => new TierExclusion(_tiers[i].Name, TierExclusionReason.BelowDifficulty, DifficultyDetail(score, i)),
                });
            }
        }

        if (record && _sticky is not null && conversation is not null)
        {
            // The first turn's tier is remembered; a later turn refreshes it without changing it, even when that turn
            // needed a more capable tier. A later turn of a conversation not seen before starts from its score's tier.
            if (!laterTurn)
            {
                _sticky.Set(conversation, chosen);
            }
            else if (targetReason == RouteReason.Sticky)
            {
                _sticky.Set(conversation, target);
            }
            else if (reason == RouteReason.Score || firstOfNamed)
            {
                _sticky.Set(conversation, chosen);
            }
        }

        var decision = new RouteDecision
        {
            Tier = _tiers[chosen].Name,
            ModelId = _tiers[chosen].ModelId,
            TierIndex = chosen,
            Score = score,
            ScoreTier = scoreTier is int s ? _tiers[s].Name : null,
            Reason = reason,
            Excluded = excluded,
            QualityFloorExcludedAllCheaperTiers = floorExcludedAll,
        };

        if (record)
        {
            Record(decision, floor);
        }

        return decision;
    }

    private void Record(RouteDecision decision, double? floor)
    {
        _monitor.Record(decision.TierIndex);
        _requests.Add(
            1,
            new KeyValuePair<string, object?>(CostAwareTelemetry.TierTag, decision.Tier),
            new KeyValuePair<string, object?>(CostAwareTelemetry.RouteReasonTag, ReasonTag(decision.Reason)));
        if (decision.QualityFloorExcludedAllCheaperTiers)
        {
            _qualityFloorExcluded.Add(1, new KeyValuePair<string, object?>(CostAwareTelemetry.TierTag, decision.Tier));
            bool first;
            lock (_floorsWarned)
            {
                // One warning per distinct floor, for the first few floors: per-request floors must not grow this.
                first = _floorsWarned.Count < 32 && _floorsWarned.Add(floor!.Value);
            }

            if (first)
            {
                RouterLog.QualityFloorExcludedAll(_logger, floor!.Value, decision.Tier);
            }
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            RouterLog.Routed(_logger, decision.Explanation);
        }
    }

    private string DifficultyDetail(double? score, int tier)
    {
        double cut = Thresholds.CutPoints[Math.Min(tier, Thresholds.CutPoints.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"score {score:0.###} is at or above its cut point {cut:0.###}");
    }

    private IEnumerable<Measurement<double>> ObserveShares()
    {
        for (int i = 0; i < _tiers.Length; i++)
        {
            yield return new Measurement<double>(_monitor.WindowShare(i), new KeyValuePair<string, object?>(CostAwareTelemetry.TierTag, _tiers[i].Name));
        }
    }

    private (string Key, bool Named)? ConversationKeyOf(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (_conversationKeySelector is { } selector)
        {
            return selector(messages, options) is { } selected ? (selected, true) : null;
        }

        if (options?.ConversationId is { Length: > 0 } id)
        {
            return (id, true);
        }

        if (options?.AdditionalProperties?.TryGetValue(RoutingChatOptionsExtensions.ConversationKey, out var value) == true && value is string { Length: > 0 } key)
        {
            return (key, true);
        }

        // The system prompt and first user message are resent on every turn of a stateless conversation. Their
        // lengths and first characters identify it well enough, at a cost that does not grow with long prompts.
        var hash = new HashCode();
        int length = 0;
        bool user = false;
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System || message.Role == ChatRole.User)
            {
                string text = message.Text;
                hash.AddBytes(MemoryMarshal.AsBytes(text.AsSpan(0, Math.Min(text.Length, ConversationKeyCharacters))));
                length += text.Length;
                if (message.Role == ChatRole.User)
                {
                    user = true;
                    break;
                }
            }
        }

        return user ? (string.Create(CultureInfo.InvariantCulture, $"{hash.ToHashCode():x8}-{length}"), false) : null;
    }

    private static string ReasonTag(RouteReason reason) => reason switch
    {
        RouteReason.Score => "score",
        RouteReason.Capability => "capability",
        RouteReason.FallbackToCheaper => "fallback_to_cheaper",
        RouteReason.Sticky => "sticky",
        RouteReason.ClassifierFailed => "classifier_failed",
        _ => "forced",
    };

    private static string? ForcedTierOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RoutingChatOptionsExtensions.TierKey, out var value) == true ? value as string : null;

    private static double? MinimumQualityOf(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(RoutingChatOptionsExtensions.MinimumQualityKey, out var value) != true || value is null)
        {
            return null;
        }

        double? floor = value switch
        {
            string text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : null,
            bool => null,
            IConvertible number => number.ToDouble(CultureInfo.InvariantCulture),
            _ => null,
        };
        return floor is double f && double.IsFinite(f) && f is >= 0 and <= 1
            ? f
            : throw new ArgumentException(
                $"ChatOptions.AdditionalProperties['{RoutingChatOptionsExtensions.MinimumQualityKey}'] is {value} ({value.GetType().Name}); a quality floor must be a number from 0 to 1.", nameof(options));
    }

    private static decimal NominalPrice(ModelPrice price) => (3 * price.InputPerMillion) + price.OutputPerMillion;

    private static IReadOnlyList<ChatMessage> Materialize(IEnumerable<ChatMessage> messages) =>
        messages as IReadOnlyList<ChatMessage> ?? [.. messages];

    private static ChatOptions WithBox(ChatOptions? options, StrongBox<RouteDecision?> box)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.AdditionalProperties = copy.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        copy.AdditionalProperties[DecisionBoxKey] = box;
        return copy;
    }

    private static void Validate(TierRouterOptions options)
    {
        if (options.Tiers.Count < 2)
        {
            throw new ArgumentException($"The router needs at least two tiers; {options.Tiers.Count} configured.", nameof(options));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Tiers.Count; i++)
        {
            var tier = options.Tiers[i] ?? throw new ArgumentException($"Tier {i} is null.", nameof(options));
            if (string.IsNullOrWhiteSpace(tier.Name))
            {
                throw new ArgumentException($"Tier {i} has no name.", nameof(options));
            }

            if (!names.Add(tier.Name))
            {
                throw new ArgumentException($"Tier names must be unique; '{tier.Name}' appears twice.", nameof(options));
            }

            if (string.IsNullOrWhiteSpace(tier.ModelId))
            {
                throw new ArgumentException($"Tier '{tier.Name}' has no model id.", nameof(options));
            }

            if (tier.QualityHint is double q && !(q is >= 0 and <= 1))
            {
                throw new ArgumentException($"Tier '{tier.Name}': QualityHint must be between 0 and 1; got {q}.", nameof(options));
            }

            ArgumentNullException.ThrowIfNull(tier.Capabilities, $"{nameof(options)}.Tiers[{i}].Capabilities");
            if (tier.Capabilities.ContextWindow is <= 0 || tier.Capabilities.MaxOutputTokens is <= 0)
            {
                throw new ArgumentException($"Tier '{tier.Name}': ContextWindow and MaxOutputTokens must be positive when set; got {tier.Capabilities.ContextWindow} and {tier.Capabilities.MaxOutputTokens}.", nameof(options));
            }
        }

        Check(options.MinimumQuality is null or (>= 0 and <= 1), nameof(TierRouterOptions.MinimumQuality), options.MinimumQuality, "between 0 and 1");
        Check(options.DriftTolerance is > 0 and <= 1, nameof(TierRouterOptions.DriftTolerance), options.DriftTolerance, "greater than 0 and at most 1");
        Check(options.StatisticsWindow >= 1, nameof(TierRouterOptions.StatisticsWindow), options.StatisticsWindow, "at least 1");
        Check(options.MinimumRequestsForDrift >= 1, nameof(TierRouterOptions.MinimumRequestsForDrift), options.MinimumRequestsForDrift, "at least 1");
        Check(options.StickinessDuration > TimeSpan.Zero, nameof(TierRouterOptions.StickinessDuration), options.StickinessDuration, "positive");
        Check(options.MaximumConversations >= 1, nameof(TierRouterOptions.MaximumConversations), options.MaximumConversations, "at least 1");
        Check(options.ScoreWhenClassifierFails is null or (>= 0 and <= 1), nameof(TierRouterOptions.ScoreWhenClassifierFails), options.ScoreWhenClassifierFails, "between 0 and 1");

        static void Check(bool valid, string option, object? value, string expected)
        {
            if (!valid)
            {
                throw new ArgumentOutOfRangeException(nameof(options), value, $"{nameof(TierRouterOptions)}.{option} must be {expected}.");
            }
        }
    }
}
