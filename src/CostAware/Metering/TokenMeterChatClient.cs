using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostAware;

/// <summary>
/// A delegating chat client that prices every call of its inner client from the usage the provider reports,
/// attributes it, records it in an <see cref="ICostLedger"/>, exports it as metrics and attaches it to the response.
/// </summary>
/// <remarks>
/// <para>
/// Place the meter directly on a provider's client (each tier's client, when there are several), so that every
/// real call, failed and retried ones included, is priced exactly once. The call's <see cref="CostLedgerEntry"/> is
/// attached to <see cref="ChatResponse.AdditionalProperties"/> under
/// <see cref="CostAwareResponseExtensions.CostEntryKey"/>; when streaming, to the last update of the stream. To know
/// which update is the last, the meter holds each update back until the next one arrives (or the stream ends), so the
/// caller receives every update one update late; no update is changed other than the last, and none is added.
/// </para>
/// <para>
/// A stream may report usage in several updates; they are merged field by field, a later count replacing an earlier
/// one, never added. A stream the caller stops reading is recorded as cancelled with whatever usage arrived, or an
/// estimate marked as one. A model the catalog does not list is recorded as unpriced (a counter and one warning per
/// model), never as free. A failing ledger is logged and never fails the call.
/// </para>
/// <para>This type is thread-safe. No prompt or response text is logged.</para>
/// </remarks>
public sealed class TokenMeterChatClient : DelegatingChatClient
{
    private readonly PriceCatalog _catalog;
    private readonly ICostLedger _ledger;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CostMetrics _metrics;
    private readonly ChatClientMetadata? _metadata;
    private readonly string? _providerName;
    private readonly bool _isBatch;
    private readonly bool _estimateIncompleteStreams;
    private readonly bool _attachCost;
    private readonly AttributionDimensions _exportedDimensions;
    private readonly ITokenCounter _tokenCounter;
    private readonly ITokenUsageRefiner[] _refiners;
    private readonly ConcurrentDictionary<string, byte> _reportedModels = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="TokenMeterChatClient"/> class.</summary>
    /// <param name="innerClient">The provider's client.</param>
    /// <param name="catalog">The prices.</param>
    /// <param name="ledger">Where priced calls go.</param>
    /// <param name="options">The meter's options; copied, so later changes have no effect.</param>
    /// <param name="loggerFactory">Creates the meter's logger.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="meterFactory">Creates the OpenTelemetry meter; a private meter named
    /// <see cref="CostAwareTelemetry.MeterName"/> is used when <see langword="null"/>.</param>
    public TokenMeterChatClient(
        IChatClient innerClient,
        PriceCatalog catalog,
        ICostLedger ledger,
        TokenMeterOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(ledger);

        _catalog = catalog;
        _ledger = ledger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<TokenMeterChatClient>() ?? NullLogger.Instance;
        _metrics = new CostMetrics(meterFactory);
        _metadata = innerClient.GetService<ChatClientMetadata>();

        options ??= new TokenMeterOptions();
        _providerName = options.ProviderName;
        _isBatch = options.IsBatch;
        _estimateIncompleteStreams = options.EstimateIncompleteStreams;
        _attachCost = options.AttachCostToResponse;
        _exportedDimensions = options.ExportedDimensions;
        _tokenCounter = options.TokenCounter ?? TiktokenTokenCounter.O200kBase;
        _refiners = [.. options.UsageRefiners];
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var call = new CallContext(this, options, isStreaming: false);

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await RecordAsync(call.Finish(TokenUsage.Unknown, OutcomeOf(ex, cancellationToken), error: ex)).ConfigureAwait(false);
            throw;
        }

        call.ModelId = response.ModelId;
        call.ResponseId = response.ResponseId;
        var usage = Refine(UsageReader.FromUsageDetails(response.Usage), response.RawRepresentation);
        bool estimate = usage.IsUnknown && _estimateIncompleteStreams;
        if (estimate)
        {
            usage = Estimate(messages, options, response.Text);
        }

        var entry = call.Finish(usage, CallOutcome.Succeeded, isEstimate: estimate);
        if (_attachCost)
        {
            (response.AdditionalProperties ??= [])[CostAwareResponseExtensions.CostEntryKey] = entry;
        }

        await RecordAsync(entry).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = new CallContext(this, options, isStreaming: true);
        TokenUsage? usage = null;
        List<object>? raws = null;

        // Text is kept only to estimate a stream that ends without usage; it is tokenized then, not per update.
        StringBuilder? received = _estimateIncompleteStreams ? new StringBuilder() : null;
        ChatResponseUpdate? held = null;
        bool recorded = false;
        Exception? failure = null;

        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex)
        {
            await RecordAsync(call.Finish(TokenUsage.Unknown, OutcomeOf(ex, cancellationToken), error: ex)).ConfigureAwait(false);
            throw;
        }

        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception ex)
                {
                    failure = ex;
                    throw;
                }

                if (_refiners.Length > 0 && update.RawRepresentation is { } raw)
                {
                    (raws ??= []).Add(raw);
                }

                call.ModelId = update.ModelId ?? call.ModelId;
                call.ResponseId = update.ResponseId ?? call.ResponseId;
                // By index: a foreach over IList<AIContent> would box its enumerator on every update.
                var contents = update.Contents;
                for (int i = 0; i < contents.Count; i++)
                {
                    if (contents[i] is UsageContent usageContent)
                    {
                        var reported = UsageReader.FromUsageDetails(usageContent.Details);
                        usage = usage is null ? reported : usage.MergeWith(reported);
                    }
                    else if (received is not null && contents[i] is TextContent text)
                    {
                        received.Append(text.Text);
                    }
                }

                if (held is not null)
                {
                    yield return held;
                }

                held = update;
            }

            if (usage is not null && raws is not null)
            {
                // The raw events (such as a split of cache writes) complete what the adapter reported at the end.
                foreach (var raw in raws)
                {
                    usage = Refine(usage, raw);
                }
            }

            bool estimated = usage is null && _estimateIncompleteStreams;
            var entry = call.Finish(
                usage ?? (estimated ? Estimate(messages, options, received) : TokenUsage.Unknown),
                CallOutcome.Succeeded,
                isEstimate: estimated);
            recorded = true;
            await RecordAsync(entry).ConfigureAwait(false);
            if (held is not null)
            {
                if (_attachCost)
                {
                    (held.AdditionalProperties ??= [])[CostAwareResponseExtensions.CostEntryKey] = entry;
                }

                yield return held;
            }
        }
        finally
        {
            if (!recorded)
            {
                var outcome = failure is null ? CallOutcome.Cancelled : OutcomeOf(failure, cancellationToken);

                // A caller that stops reading has still been billed for what the provider generated; a stream that
                // failed without reporting usage is treated like any failed call: not billed.
                bool estimate = usage is null && outcome == CallOutcome.Cancelled && _estimateIncompleteStreams;
                var partial = usage ?? (estimate ? Estimate(messages, options, received) : TokenUsage.Unknown);
                await RecordAsync(call.Finish(partial, outcome, failure, estimate)).ConfigureAwait(false);
            }

            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _metrics.Dispose();
        }

        base.Dispose(disposing);
    }

    private TokenUsage Refine(TokenUsage usage, object? raw)
    {
        foreach (var refiner in _refiners)
        {
            usage = refiner.Refine(usage, raw);
        }

        return usage;
    }

    private TokenUsage Estimate(IEnumerable<ChatMessage> messages, ChatOptions? options, StringBuilder? output) =>
        Estimate(messages, options, output?.ToString() ?? string.Empty);

    private TokenUsage Estimate(IEnumerable<ChatMessage> messages, ChatOptions? options, string output) =>
        new() { InputTokens = _tokenCounter.CountPromptTokens(messages, options), OutputTokens = _tokenCounter.CountTokens(output) };

    private static CallOutcome OutcomeOf(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested ? CallOutcome.Cancelled : CallOutcome.Failed;

    private async ValueTask RecordAsync(CostLedgerEntry entry)
    {
        try
        {
            // The call already happened: its cost is recorded even when the caller has since cancelled.
            await _ledger.RecordAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.LedgerWriteFailed(_logger, ex, entry.ModelId);
        }

        _metrics.Record(entry, _exportedDimensions);
        Log.CallRecorded(_logger, entry.ModelId, entry.Outcome, entry.Usage.InputTokens, entry.Usage.CachedInputTokens, entry.Usage.OutputTokens, entry.CostUsd);
    }

    private PriceResolution? Resolve(string? modelId, string? requestedModelId)
    {
        if (_catalog.TryResolve(modelId, out var resolution) ||
            (!string.Equals(modelId, requestedModelId, StringComparison.Ordinal) && _catalog.TryResolve(requestedModelId, out resolution)))
        {
            if (resolution.Match != PriceMatch.Exact && _reportedModels.TryAdd(resolution.RequestedModelId, 0))
            {
                Log.PriceResolved(_logger, resolution.RequestedModelId, resolution.Price.ModelId, resolution.Match);
            }

            return resolution;
        }

        string name = modelId ?? requestedModelId ?? "(none)";
        if (_reportedModels.TryAdd(name, 0))
        {
            Log.UnpricedModel(_logger, name);
        }

        return null;
    }

    /// <summary>What the meter knows about one call while it runs; a struct, so metering a call allocates nothing but
    /// its entry.</summary>
    private struct CallContext(TokenMeterChatClient meter, ChatOptions? options, bool isStreaming)
    {
        private readonly DateTimeOffset _startedAt = meter._timeProvider.GetUtcNow();
        private readonly long _started = meter._timeProvider.GetTimestamp();

        public string? ModelId { get; set; }

        public string? ResponseId { get; set; }

        public readonly CostLedgerEntry Finish(TokenUsage usage, CallOutcome outcome, Exception? error = null, bool isEstimate = false)
        {
            string? requested = options?.ModelId ?? meter._metadata?.DefaultModelId;
            string? model = ModelId ?? requested;
            bool isBatch = meter._isBatch || options.IsBatch();

            // A call that failed before the provider reported usage is not billed; an unknown model stays unpriced.
            var resolution = meter.Resolve(model, requested);
            var cost = resolution is null
                ? null
                : outcome == CallOutcome.Failed && usage.IsUnknown ? CostBreakdown.Zero : CostCalculator.Calculate(resolution.Price, usage, isBatch);

            return new CostLedgerEntry
            {
                Id = CostLedgerEntry.NewId(),
                Timestamp = _startedAt,
                Duration = meter._timeProvider.GetElapsedTime(_started),
                ModelId = model,
                RequestedModelId = requested,
                Provider = meter._providerName ?? meter._metadata?.ProviderName ?? resolution?.Price.Provider,
                Usage = usage,
                Cost = cost,
                PriceResolution = resolution,
                Attribution = CostScope.Current.Merge(options.GetCostAttribution()),
                Outcome = outcome,
                IsEstimate = isEstimate,
                IsStreaming = isStreaming,
                IsBatch = isBatch,
                ResponseId = ResponseId,
                Correlation = CallCorrelation.From(options),
                RouteDecision = RouteDecision.From(options),
                Error = error is null ? null : $"{error.GetType().Name}: {error.Message}",
            };
        }
    }
}
