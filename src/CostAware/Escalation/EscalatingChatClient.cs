using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostAware;

/// <summary>
/// A chat client that asks the cheapest tier first and escalates to a stronger tier only when the answer fails
/// validation; it measures its escalation rate and bypasses the cheap tiers while the cascade costs more than going
/// straight to the strongest tier.
/// </summary>
/// <remarks>
/// <para>
/// The wrapped client is the strongest tier; <see cref="EscalationOptions.Tiers"/> lists the cheaper ones, cheapest
/// first. Each answer is checked by every validator; the first accepted answer is returned with an
/// <see cref="EscalationOutcome"/> attached under <see cref="EscalationOutcome.ResponseKey"/>. A tier whose call fails
/// (other than by cancellation) counts as rejected and the next tier is tried.
/// </para>
/// <para>
/// Every attempt is priced by the token meter on its tier, rejected answers and failed calls included: the escalator
/// passes a <see cref="CallCorrelation"/> (request id, attempt, tier, escalated or not) down in the options, which the
/// meter copies into each ledger entry.
/// </para>
/// <para>
/// Break-even: from the catalog prices of the cheapest and strongest tiers' models and the observed token sizes,
/// <see cref="EscalationMath.BreakEvenRate"/> gives the escalation rate above which the cascade loses money. Once a
/// key has <see cref="EscalationOptions.MinimumRequestsBeforeBypass"/> cascading requests and its window rate is above
/// break-even, requests go straight to the strongest tier, except one in <see cref="EscalationOptions.ProbeEvery"/>,
/// which runs the cascade to measure again; when the rate falls below break-even minus
/// <see cref="EscalationOptions.ReleaseMargin"/>, the cascade resumes. Both transitions are logged with their numbers.
/// </para>
/// <para>
/// Streaming: the answers of tiers that may still be replaced are buffered, validated and only then streamed, so a
/// cheap answer that is later replaced never reaches the caller. The strongest tier's answer streams as it arrives,
/// unless <see cref="EscalationExhaustedBehavior.Throw"/> is set, in which case it is buffered and validated first.
/// </para>
/// <para>
/// Inside a function-calling loop (place the escalator inside <see cref="FunctionInvokingChatClient"/>), each model
/// call of the loop is one request to the escalator; escalating a step sends that step's full conversation to the
/// stronger tier, so the run continues from where it was and never restarts.
/// </para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class EscalatingChatClient : DelegatingChatClient
{
    private readonly EscalationTier[] _tiers;
    private readonly IAnswerValidator[] _validators;
    private readonly EscalationOptions _options;
    private readonly PriceCatalog _catalog;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CascadeState> _states = new(StringComparer.Ordinal);
    private readonly OwnedMeter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _attempts;

    /// <summary>Initializes a new instance of the <see cref="EscalatingChatClient"/> class.</summary>
    /// <param name="strongestTier">The strongest tier's client, tried last.</param>
    /// <param name="options">The cheaper tiers, the validators and the bypass rule.</param>
    /// <param name="catalog">Prices for the break-even rate; the built-in catalog by default.</param>
    /// <param name="loggerFactory">Creates the logger.</param>
    /// <param name="meterFactory">Creates the OpenTelemetry meter; a private meter is used when <see langword="null"/>.</param>
    public EscalatingChatClient(
        IChatClient strongestTier,
        EscalationOptions options,
        PriceCatalog? catalog = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
        : base(strongestTier)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tiers.Count == 0)
        {
            throw new ArgumentException($"{nameof(EscalationOptions)}.{nameof(EscalationOptions.Tiers)} must list at least one cheaper tier.", nameof(options));
        }

        ThrowIfOutOfRange(options.StatisticsWindow < 1, nameof(EscalationOptions.StatisticsWindow), options.StatisticsWindow, "at least 1");
        ThrowIfOutOfRange(options.MinimumRequestsBeforeBypass < 1, nameof(EscalationOptions.MinimumRequestsBeforeBypass), options.MinimumRequestsBeforeBypass, "at least 1");
        ThrowIfOutOfRange(options.ProbeEvery < 1, nameof(EscalationOptions.ProbeEvery), options.ProbeEvery, "at least 1");
        ThrowIfOutOfRange(options.ReleaseMargin is < 0 or > 1, nameof(EscalationOptions.ReleaseMargin), options.ReleaseMargin, "between 0 and 1");
        ThrowIfOutOfRange(options.MaximumEscalationsPerRequest < 0, nameof(EscalationOptions.MaximumEscalationsPerRequest), options.MaximumEscalationsPerRequest, "zero or more");
        _tiers = EscalationTier.Ladder(options.Tiers, options.TopTierName, strongestTier, nameof(options));
        _validators = [.. options.Validators];
        _options = options;
        _catalog = catalog ?? PriceCatalog.BuiltIn;
        _logger = (ILogger?)loggerFactory?.CreateLogger<EscalatingChatClient>() ?? NullLogger.Instance;
        _meter = new OwnedMeter(meterFactory);
        _requests = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.EscalationRequestsInstrument, "{request}", "Requests through the escalator, by outcome.");
        _attempts = _meter.Meter.CreateCounter<long>(CostAwareTelemetry.EscalationAttemptsInstrument, "{attempt}", "Tier attempts, by tier and verdict.");
        _meter.Meter.CreateObservableGauge(CostAwareTelemetry.EscalationRateInstrument, ObserveRates, "1", "Escalation rate over the statistics window, by key.");
    }

    /// <summary>Gets the tiers, cheapest first, the strongest last.</summary>
    public IReadOnlyList<EscalationTier> Tiers => _tiers;

    /// <summary>Returns the statistics of every key seen so far.</summary>
    /// <returns>A snapshot, by key.</returns>
    public IReadOnlyDictionary<string, EscalationStatistics> GetStatistics() =>
        _states.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot(), StringComparer.Ordinal);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var request = Begin(messages, options);
        var attempts = new List<EscalationAttempt>(request.Tiers.Count);
        ChatResponse? last = null;

        for (int i = 0; i < request.Tiers.Count; i++)
        {
            var tier = request.Tiers[i];
            var tierOptions = request.OptionsFor(i + 1, tier);
            ChatResponse response;
            try
            {
                response = await tier.Client.GetResponseAsync(request.Messages, tierOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                attempts.Add(new EscalationAttempt(tier, i + 1, null, [], Accepted: false, ex));
                EscalationLog.AttemptFailed(_logger, tier.Name, i + 1, ex);
                if (i < request.Tiers.Count - 1)
                {
                    continue;
                }

                // The strongest tier failed: record the request (its rejected attempts cost money) and surface the
                // failure with every attempt attached.
                RecordFailure(request, attempts);
                ex.Data[EscalationOutcome.ResponseKey] = new EscalationOutcome(request.Id, attempts, request.Mode == CascadeMode.Bypass, request.Mode == CascadeMode.Probe);
                throw;
            }

            var verdicts = await ValidateAsync(request.Messages, tierOptions, response, tier, i + 1, cancellationToken).ConfigureAwait(false);
            bool accepted = verdicts.All(static v => v.Accepted);
            attempts.Add(new EscalationAttempt(tier, i + 1, response, verdicts, accepted));
            last = response;
            if (accepted)
            {
                break;
            }
        }

        return Finish(request, attempts, last!);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Begin(messages, options);
        var attempts = new List<EscalationAttempt>(request.Tiers.Count);
        bool bufferLast = _options.WhenExhausted == EscalationExhaustedBehavior.Throw;

        for (int i = 0; i < request.Tiers.Count; i++)
        {
            var tier = request.Tiers[i];
            var tierOptions = request.OptionsFor(i + 1, tier);
            bool isLast = i == request.Tiers.Count - 1;

            if (isLast && !bufferLast)
            {
                // Nothing can replace the strongest tier's answer: stream it as it arrives (holding back only its last
                // update, which carries the outcome), then judge it for the record.
                var streamed = new List<ChatResponseUpdate>();
                var updates = tier.Client.GetStreamingResponseAsync(request.Messages, tierOptions, cancellationToken)
                    .ConfigureAwait(false).GetAsyncEnumerator();
                try
                {
                    while (true)
                    {
                        try
                        {
                            if (!await updates.MoveNextAsync())
                            {
                                break;
                            }
                        }
                        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                        {
                            // As when not streaming: the request is recorded and the outcome attached before the failure surfaces.
                            attempts.Add(new EscalationAttempt(tier, i + 1, null, [], Accepted: false, ex));
                            RecordFailure(request, attempts);
                            ex.Data[EscalationOutcome.ResponseKey] = new EscalationOutcome(request.Id, attempts, request.Mode == CascadeMode.Bypass, request.Mode == CascadeMode.Probe);
                            throw;
                        }

                        if (streamed.Count > 0)
                        {
                            yield return streamed[^1];
                        }

                        streamed.Add(updates.Current);
                    }
                }
                finally
                {
                    await updates.DisposeAsync();
                }

                var final = streamed.ToChatResponse();
                var finalVerdicts = await ValidateAsync(request.Messages, tierOptions, final, tier, i + 1, cancellationToken).ConfigureAwait(false);
                attempts.Add(new EscalationAttempt(tier, i + 1, final, finalVerdicts, finalVerdicts.All(static v => v.Accepted)));
                _ = Finish(request, attempts, final);
                if (streamed.Count > 0)
                {
                    (streamed[^1].AdditionalProperties ??= [])[EscalationOutcome.ResponseKey] = final.GetEscalationOutcome();
                    yield return streamed[^1];
                }

                yield break;
            }

            List<ChatResponseUpdate>? buffered = null;
            Exception? failure = null;
            try
            {
                buffered = [];
                await foreach (var update in tier.Client.GetStreamingResponseAsync(request.Messages, tierOptions, cancellationToken).ConfigureAwait(false))
                {
                    buffered.Add(update);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }

            if (failure is not null && isLast)
            {
                attempts.Add(new EscalationAttempt(tier, i + 1, null, [], Accepted: false, failure));
                RecordFailure(request, attempts);
                failure.Data[EscalationOutcome.ResponseKey] = new EscalationOutcome(request.Id, attempts, request.Mode == CascadeMode.Bypass, request.Mode == CascadeMode.Probe);
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            if (failure is not null)
            {
                attempts.Add(new EscalationAttempt(tier, i + 1, null, [], Accepted: false, failure));
                EscalationLog.AttemptFailed(_logger, tier.Name, i + 1, failure);
                continue;
            }

            var response = buffered!.ToChatResponse();
            var verdicts = await ValidateAsync(request.Messages, tierOptions, response, tier, i + 1, cancellationToken).ConfigureAwait(false);
            bool accepted = verdicts.All(static v => v.Accepted);
            attempts.Add(new EscalationAttempt(tier, i + 1, response, verdicts, accepted));
            if (accepted || isLast)
            {
                _ = Finish(request, attempts, response);
                var outcome = response.GetEscalationOutcome();
                if (buffered!.Count > 0)
                {
                    (buffered[^1].AdditionalProperties ??= [])[EscalationOutcome.ResponseKey] = outcome;
                }
                foreach (var update in buffered!)
                {
                    yield return update;
                }

                yield break;
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _meter.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void ThrowIfOutOfRange(bool outOfRange, string option, object? value, string valid)
    {
        if (outOfRange)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{nameof(EscalationOptions)}.{option} must be {valid}.");
        }
    }

    private Request Begin(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string key = _options.StatisticsKeySelector?.Invoke(options) ?? DefaultKey(options);
        var state = _states.GetOrAdd(key, static (_, self) => new CascadeState(self._options), this);
        var mode = _options.AutomaticBypass ? state.NextMode() : CascadeMode.Cascade;

        EscalationTier[] tiers = mode == CascadeMode.Bypass ? [_tiers[^1]] : _tiers;
        if (mode != CascadeMode.Bypass && _options.MaximumEscalationsPerRequest is int maximum && maximum + 1 < tiers.Length)
        {
            // Keep the cheapest tiers up to the limit, and always end on the strongest one.
            tiers = [.. _tiers.Take(maximum), _tiers[^1]];
        }

        return new Request(CostLedgerEntry.NewId(), list, options, key, state, mode, tiers);
    }

    private async ValueTask<IReadOnlyList<ValidationVerdict>> ValidateAsync(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, ChatResponse response, EscalationTier tier, int attempt, CancellationToken cancellationToken)
    {
        if (_validators.Length == 0)
        {
            return [];
        }

        var context = new AnswerValidationContext(messages, options, response, tier, attempt);
        var verdicts = new List<ValidationVerdict>(_validators.Length);
        foreach (var validator in _validators)
        {
            var verdict = await validator.ValidateAsync(context, cancellationToken).ConfigureAwait(false);
            verdicts.Add(verdict);
            if (!verdict.Accepted)
            {
                // One rejection decides; later validators (which may call models) need not run.
                break;
            }
        }

        return verdicts;
    }

    private ChatResponse Finish(Request request, List<EscalationAttempt> attempts, ChatResponse last)
    {
        var outcome = new EscalationOutcome(request.Id, attempts, request.Mode == CascadeMode.Bypass, request.Mode == CascadeMode.Probe);
        bool exhausted = !outcome.Final.Accepted;
        double? breakEven = BreakEven(attempts, request.State.MeanValidationCost);
        var transition = request.State.Record(outcome, TopCost(outcome), breakEven);
        if (transition is not null)
        {
            EscalationLog.BypassChanged(_logger, request.Key, transition);
        }

        RecordMetrics(request.Key, outcome, exhausted);
        (last.AdditionalProperties ??= [])[EscalationOutcome.ResponseKey] = outcome;
        foreach (var attempt in attempts)
        {
            foreach (var verdict in attempt.Verdicts.Where(static v => !v.Accepted))
            {
                EscalationLog.Rejected(_logger, attempt.Tier.Name, attempt.Attempt, verdict.Validator, verdict.Reason);
            }
        }

        if (exhausted && _options.WhenExhausted == EscalationExhaustedBehavior.Throw)
        {
            throw new EscalationExhaustedException(outcome);
        }

        return last;
    }

    private void RecordFailure(Request request, List<EscalationAttempt> attempts)
    {
        var outcome = new EscalationOutcome(request.Id, attempts, request.Mode == CascadeMode.Bypass, request.Mode == CascadeMode.Probe);
        request.State.Record(outcome, alwaysTopCost: null, BreakEven(attempts, request.State.MeanValidationCost));
        RecordMetrics(request.Key, outcome, exhausted: true);
    }

    private double? BreakEven(List<EscalationAttempt> attempts, decimal validationCostPerRequest)
    {
        var usage = attempts.Select(a => a.Response?.Usage).FirstOrDefault(u => u?.InputTokenCount is not null);
        if (usage is null || !_catalog.TryResolve(_tiers[0].ModelId, out var cheap) || !_catalog.TryResolve(_tiers[^1].ModelId, out var strong))
        {
            return null;
        }

        return EscalationMath.BreakEvenRate(cheap.Price, strong.Price, usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, validationCostPerRequest);
    }

    // What the strongest tier alone would have cost: its real cost where it was called; else the accepted answer's
    // tokens at its prices (the strong model's answer length is unknown, so the cheap answer's stands in).
    private decimal? TopCost(EscalationOutcome outcome)
    {
        var top = outcome.Attempts.LastOrDefault(a => ReferenceEquals(a.Tier, _tiers[^1]) && a.Response is not null);
        if (top?.CostUsd is decimal real)
        {
            return real;
        }

        var usage = UsageReader.FromUsageDetails(outcome.Final.Response?.Usage);
        return !usage.IsUnknown && _catalog.TryResolve(_tiers[^1].ModelId, out var strong)
            ? CostCalculator.Calculate(strong.Price, usage with { CachedInputTokens = 0, CacheWriteTokens = null, CacheWrite1HourTokens = null }).Total
            : null;
    }

    private void RecordMetrics(string key, EscalationOutcome outcome, bool exhausted)
    {
        string result = exhausted ? "exhausted" : outcome.Bypassed ? "bypassed" : outcome.Escalated ? "escalated" : "accepted_first_tier";
        _requests.Add(1, new TagList { { CostAwareTelemetry.EscalationKeyTag, key }, { CostAwareTelemetry.OutcomeTag, result } });
        if (_attempts.Enabled)
        {
            foreach (var attempt in outcome.Attempts)
            {
                _attempts.Add(1, new TagList
                {
                    { CostAwareTelemetry.EscalationKeyTag, key },
                    { CostAwareTelemetry.TierTag, attempt.Tier.Name },
                    { CostAwareTelemetry.OutcomeTag, attempt.Error is not null ? "failed" : attempt.Accepted ? "accepted" : "rejected" },
                });
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveRates()
    {
        foreach (var (key, state) in _states)
        {
            yield return new Measurement<double>(state.Snapshot().WindowEscalationRate, new KeyValuePair<string, object?>(CostAwareTelemetry.EscalationKeyTag, key));
        }
    }

    private static string DefaultKey(ChatOptions? options)
    {
        var attribution = CostScope.Current.Merge(options.GetCostAttribution());
        return $"{attribution.Route ?? "-"}/{attribution.Feature ?? "-"}";
    }

    private sealed record Request(
        string Id,
        IReadOnlyList<ChatMessage> Messages,
        ChatOptions? Options,
        string Key,
        CascadeState State,
        CascadeMode Mode,
        IReadOnlyList<EscalationTier> Tiers)
    {
        public ChatOptions OptionsFor(int attempt, EscalationTier tier)
        {
            var options = new CallCorrelation(Id, attempt, tier.Name, attempt > 1).ApplyTo(Options);

            // A tier's model wins over the caller's: otherwise the cheap attempt would run on the caller's model.
            if (tier.ModelId is not null)
            {
                options.ModelId = tier.ModelId;
            }

            return options;
        }
    }
}
