using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CostAware;

/// <summary>
/// A chat client that puts hard bounds on an agent (tool-calling) run: steps, tokens, dollars and wall-clock time,
/// with a tier chosen per step, loop detection, and a final synthesis step or a clean stop when a bound is reached.
/// </summary>
/// <remarks>
/// <para>
/// Design: place the runner <em>inside</em> <see cref="FunctionInvokingChatClient"/>
/// (<c>builder.UseFunctionInvocation().UseAgentBudget(...)</c>). The function-invoking client owns the tool loop;
/// its own cap, <see cref="FunctionInvokingChatClient.MaximumIterationsPerRequest"/>, counts iterations of one
/// request and no tokens or dollars. A decorator inside it sees every model call of the loop, can refuse a step
/// before it is made, and leaves the caller's loop, tools and options as they are. Steps are counted per
/// <see cref="AgentRun"/>, an ambient scope, so every model call of one run (across loop iterations and across
/// several calls made for the run) counts against the same bounds. Without an ambient run, the steps of one
/// conversation (recognised by its first message instance, which the function-invoking client keeps) form a run.
/// </para>
/// <para>
/// Before each step the runner reserves the step's worst case: its prompt tokens (messages and tools, counted with
/// <see cref="AgentRunOptions.TokenCounter"/>) plus its maximum output tokens
/// (<see cref="ChatOptions.MaxOutputTokens"/>, else the model's limit in the catalog, else
/// <see cref="AgentRunOptions.FallbackMaximumOutputTokens"/>), priced at the step's tier's catalog prices. A step
/// whose worst case could cross <see cref="AgentRunOptions.MaximumTokensPerRun"/> or
/// <see cref="AgentRunOptions.MaximumCostPerRun"/> is not started. After the step, its real cost (the token meter's
/// <see cref="CostLedgerEntry"/> when a meter is below, else its reported usage at catalog prices; its full
/// reservation when no usage is reported) replaces the reservation.
/// </para>
/// <para>
/// When a bound is reached, <see cref="AgentRunOptions.WhenBoundReached"/> decides: one synthesis call without tools
/// (so the function-invoking client receives a plain answer and stops), counted within the same bounds, or a
/// response that stops the loop at once. Either way the response carries an <see cref="AgentRunReport"/> (read it
/// with <see cref="AgentRunResponseExtensions.GetAgentRunReport(ChatResponse)"/>) whose transcript holds the
/// conversation so far, and the run stays stopped: later calls for it are refused without a model call. A cancelled
/// run returns the same stopped response unless <see cref="AgentRunOptions.ThrowOnCancellation"/> is set. A provider
/// failure other than cancellation propagates, its reservation released.
/// </para>
/// <para>
/// Each step's options carry a <see cref="CallCorrelation"/> (run id, step number, tier), which the token meter
/// copies into the ledger entry. Steps, their dollars and tokens and the stops are exported as metrics named in
/// <see cref="AgentTelemetry"/>. This type is thread-safe. No prompt or response text is logged.
/// </para>
/// </remarks>
public sealed class AgentRunChatClient : DelegatingChatClient
{
    private readonly EscalationTier[] _tiers;
    private readonly EscalationTier? _finalTier;
    private readonly IAgentStepPolicy _policy;
    private readonly StepBounds _bounds;
    private readonly TimeSpan? _maximumDuration;
    private readonly bool _finalStep;
    private readonly string _finalStepPrompt;
    private readonly int? _finalStepMaximumOutputTokens;
    private readonly bool _keepToolDefinitionsInFinalStep;
    private readonly string _stopMessage;
    private readonly int? _identicalToolCallsForLoop;
    private readonly int? _stepsWithoutProgressForLoop;
    private readonly bool _throwOnCancellation;
    private readonly int _fallbackMaximumOutputTokens;
    private readonly ITokenCounter _tokenCounter;
    private readonly PriceCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<ChatMessage, AgentRun> _implicitRuns = [];
    private readonly OwnedMeter _meter;
    private readonly Counter<long> _steps;
    private readonly Counter<double> _stepCost;
    private readonly Counter<long> _stepTokens;
    private readonly Counter<long> _stops;
    private readonly Histogram<int> _stepsPerStoppedRun;
    private readonly Histogram<double> _costPerStoppedRun;

    /// <summary>Initializes a new instance of the <see cref="AgentRunChatClient"/> class.</summary>
    /// <param name="innerClient">The strongest tier's client, named <see cref="AgentRunOptions.TopTierName"/>.</param>
    /// <param name="options">The bounds, the cheaper tiers and the policy; copied, so later changes have no effect.</param>
    /// <param name="catalog">Prices for the reservations; the built-in catalog by default.</param>
    /// <param name="loggerFactory">Creates the logger.</param>
    /// <param name="timeProvider">The clock of <see cref="AgentRunOptions.MaximumDurationPerRun"/>;
    /// <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="meterFactory">Creates the OpenTelemetry meter; a private meter is used when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range; the message names the option.</exception>
    /// <exception cref="ArgumentException">Tier names repeat, or <see cref="AgentRunOptions.FinalStepTierName"/>
    /// names no tier.</exception>
    public AgentRunChatClient(
        IChatClient innerClient,
        AgentRunOptions options,
        PriceCatalog? catalog = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfOutOfRange(options.MaximumStepsPerRun < 1, nameof(AgentRunOptions.MaximumStepsPerRun), options.MaximumStepsPerRun, "at least 1");
        ThrowIfOutOfRange(options.MaximumTokensPerRun < 1, nameof(AgentRunOptions.MaximumTokensPerRun), options.MaximumTokensPerRun, "at least 1 or null");
        ThrowIfOutOfRange(options.MaximumCostPerRun <= 0m, nameof(AgentRunOptions.MaximumCostPerRun), options.MaximumCostPerRun, "more than 0 or null");
        ThrowIfOutOfRange(options.MaximumDurationPerRun <= TimeSpan.Zero, nameof(AgentRunOptions.MaximumDurationPerRun), options.MaximumDurationPerRun, "more than zero or null");
        ThrowIfOutOfRange(options.FinalStepMaximumOutputTokens < 1, nameof(AgentRunOptions.FinalStepMaximumOutputTokens), options.FinalStepMaximumOutputTokens, "at least 1 or null");
        ThrowIfOutOfRange(options.IdenticalToolCallsForLoop < 2, nameof(AgentRunOptions.IdenticalToolCallsForLoop), options.IdenticalToolCallsForLoop, "at least 2 or null");
        ThrowIfOutOfRange(options.StepsWithoutProgressForLoop < 1, nameof(AgentRunOptions.StepsWithoutProgressForLoop), options.StepsWithoutProgressForLoop, "at least 1 or null");
        ThrowIfOutOfRange(options.FallbackMaximumOutputTokens < 1, nameof(AgentRunOptions.FallbackMaximumOutputTokens), options.FallbackMaximumOutputTokens, "at least 1");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.TopTierName, $"{nameof(options)}.{nameof(AgentRunOptions.TopTierName)}");
        ArgumentNullException.ThrowIfNull(options.FinalStepPrompt, $"{nameof(options)}.{nameof(AgentRunOptions.FinalStepPrompt)}");
        ArgumentNullException.ThrowIfNull(options.StopMessage, $"{nameof(options)}.{nameof(AgentRunOptions.StopMessage)}");

        _tiers = EscalationTier.Ladder(options.Tiers, options.TopTierName, innerClient, nameof(options));
        var names = _tiers.Select(static t => t.Name);

        if (options.FinalStepTierName is not null)
        {
            _finalTier = Array.Find(_tiers, t => string.Equals(t.Name, options.FinalStepTierName, StringComparison.Ordinal))
                ?? throw new ArgumentException(
                    $"{nameof(AgentRunOptions)}.{nameof(AgentRunOptions.FinalStepTierName)} is '{options.FinalStepTierName}', which names no tier; the tiers are {string.Join(", ", names)}.",
                    nameof(options));
        }

        _policy = options.StepPolicy ?? AgentStepPolicy.Default;
        _bounds = new StepBounds(options.MaximumStepsPerRun, options.MaximumTokensPerRun, options.MaximumCostPerRun);
        _maximumDuration = options.MaximumDurationPerRun;
        _finalStep = options.WhenBoundReached == AgentBoundBehavior.FinalStep;
        _finalStepPrompt = options.FinalStepPrompt;
        _finalStepMaximumOutputTokens = options.FinalStepMaximumOutputTokens;
        _keepToolDefinitionsInFinalStep = options.KeepToolDefinitionsInFinalStep;
        _stopMessage = options.StopMessage;
        _identicalToolCallsForLoop = options.IdenticalToolCallsForLoop;
        _stepsWithoutProgressForLoop = options.StepsWithoutProgressForLoop;
        _throwOnCancellation = options.ThrowOnCancellation;
        _fallbackMaximumOutputTokens = options.FallbackMaximumOutputTokens;
        _tokenCounter = options.TokenCounter ?? TiktokenTokenCounter.O200kBase;
        _catalog = catalog ?? PriceCatalog.BuiltIn;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<AgentRunChatClient>() ?? NullLogger.Instance;

        _meter = new OwnedMeter(meterFactory);
        _steps = _meter.Meter.CreateCounter<long>(AgentTelemetry.StepsInstrument, AgentTelemetry.StepUnit, "Agent steps (model calls), by tier and kind.");
        _stepCost = _meter.Meter.CreateCounter<double>(AgentTelemetry.StepCostInstrument, CostAwareTelemetry.CostUnit, "What agent steps cost, by tier.");
        _stepTokens = _meter.Meter.CreateCounter<long>(AgentTelemetry.StepTokensInstrument, CostAwareTelemetry.TokenUnit, "Input and output tokens of agent steps, by tier.");
        _stops = _meter.Meter.CreateCounter<long>(AgentTelemetry.StopsInstrument, "{run}", "Agent runs a bound stopped, by reason.");
        _stepsPerStoppedRun = _meter.Meter.CreateHistogram<int>(AgentTelemetry.StepsPerStoppedRunInstrument, AgentTelemetry.StepUnit, "Steps of agent runs a bound stopped, by reason.");
        _costPerStoppedRun = _meter.Meter.CreateHistogram<double>(AgentTelemetry.CostPerStoppedRunInstrument, CostAwareTelemetry.CostUnit, "Cost of agent runs a bound stopped, by reason.");
    }

    /// <summary>Gets the tiers, cheapest first, the strongest (the wrapped client) last.</summary>
    public IReadOnlyList<EscalationTier> Tiers => _tiers;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var run = RunFor(list);
        var step = await PlanAsync(run, list, options, cancellationToken).ConfigureAwait(false);
        if (step.Kind == StepKind.Stop)
        {
            return StopResponse(run, step.Reason, list);
        }

        ChatResponse response;
        try
        {
            response = await step.Tier!.Client.GetResponseAsync(step.Messages!, step.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Release(step.Reserved.Tokens, step.Reserved.Usd, step.Tier!.Name);
            var stopped = StopResponse(run, AgentStopReason.Cancelled, list);
            if (_throwOnCancellation)
            {
                throw;
            }

            return stopped;
        }
        catch
        {
            run.Release(step.Reserved.Tokens, step.Reserved.Usd, step.Tier!.Name);
            throw;
        }

        if (step.Kind == StepKind.Final)
        {
            foreach (var message in response.Messages)
            {
                RemoveToolCalls(message.Contents);
            }
        }

        var report = Complete(run, step, list, options, response, response.GetCostEntry());
        (response.AdditionalProperties ??= [])[AgentRunReport.ResponseKey] = report;
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var run = RunFor(list);
        var step = await PlanAsync(run, list, options, cancellationToken).ConfigureAwait(false);
        if (step.Kind == StepKind.Stop)
        {
            yield return StopUpdate(run, step.Reason, list);
            yield break;
        }

        var received = new List<ChatResponseUpdate>();
        ChatResponseUpdate? held = null;
        CostLedgerEntry? entry = null;
        bool cancelled = false;
        var updates = step.Tier!.Client.GetStreamingResponseAsync(step.Messages!, step.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                catch
                {
                    run.Release(step.Reserved.Tokens, step.Reserved.Usd, step.Tier.Name);
                    throw;
                }

                var update = updates.Current;
                entry = update.GetCostEntry() ?? entry;
                if (step.Kind == StepKind.Final)
                {
                    RemoveToolCalls(update.Contents);
                }

                received.Add(update);
                if (held is not null)
                {
                    yield return held;
                }

                held = update;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }

        if (cancelled)
        {
            run.Release(step.Reserved.Tokens, step.Reserved.Usd, step.Tier.Name);
            var stopped = StopUpdate(run, AgentStopReason.Cancelled, [.. list, .. received.ToChatResponse().Messages]);
            if (_throwOnCancellation)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (held is not null)
            {
                yield return held;
            }

            yield return stopped;
            yield break;
        }

        var report = Complete(run, step, list, options, received.ToChatResponse(), entry);
        held ??= new ChatResponseUpdate(ChatRole.Assistant, string.Empty);
        (held.AdditionalProperties ??= [])[AgentRunReport.ResponseKey] = report;
        yield return held;
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
            throw new ArgumentOutOfRangeException(option, value, $"{nameof(AgentRunOptions)}.{option} must be {valid}.");
        }
    }

    private AgentRun RunFor(IReadOnlyList<ChatMessage> messages) =>
        AgentRun.Current
        ?? (messages.Count == 0 ? AgentRun.CreateImplicit() : _implicitRuns.GetValue(messages[0], static _ => AgentRun.CreateImplicit()));

    private async ValueTask<PlannedStep> PlanAsync(AgentRun run, IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (run.StopReason is var stopped and not AgentStopReason.None)
        {
            return PlannedStep.Stop(stopped);
        }

        var elapsed = run.Start(_timeProvider);
        var reason = cancellationToken.IsCancellationRequested ? AgentStopReason.Cancelled
            : elapsed >= _maximumDuration ? AgentStopReason.Time
            : run.LoopDetected ? AgentStopReason.LoopDetected
            : AgentStopReason.None;

        if (reason == AgentStopReason.None)
        {
            var tier = await SelectTierAsync(run, messages, options, isFinal: false, cancellationToken).ConfigureAwait(false);
            var worst = WorstCase(run, messages, options, tier);
            reason = run.TryReserve(_bounds, worst.Tokens, worst.Usd, keepStepForFinal: _finalStep, out int number);
            if (reason == AgentStopReason.None)
            {
                return Begin(run, StepKind.Work, AgentStopReason.None, tier, number, messages, options, worst);
            }
        }

        if (reason != AgentStopReason.Cancelled && _finalStep)
        {
            var tier = _finalTier ?? await SelectTierAsync(run, messages, options, isFinal: true, CancellationToken.None).ConfigureAwait(false);
            List<ChatMessage> finalMessages = [.. messages, new ChatMessage(ChatRole.User, _finalStepPrompt)];
            var finalOptions = options?.Clone() ?? new ChatOptions();
            if (_keepToolDefinitionsInFinalStep && finalOptions.Tools is { Count: > 0 })
            {
                // The definitions stay for the prompt cache's sake; the mode forbids calling them.
                finalOptions.ToolMode = ChatToolMode.None;
            }
            else
            {
                finalOptions.Tools = null;
                finalOptions.ToolMode = null;
                finalOptions.AllowMultipleToolCalls = null;
            }

            finalOptions.MaxOutputTokens = _finalStepMaximumOutputTokens ?? finalOptions.MaxOutputTokens;
            var worst = WorstCase(run, finalMessages, finalOptions, tier);
            if (run.TryReserve(_bounds, worst.Tokens, worst.Usd, keepStepForFinal: false, out int number) == AgentStopReason.None)
            {
                run.MarkStopped(reason, transcript: null);
                return Begin(run, StepKind.Final, reason, tier, number, finalMessages, finalOptions, worst);
            }
        }

        return PlannedStep.Stop(reason);
    }

    private PlannedStep Begin(
        AgentRun run, StepKind kind, AgentStopReason reason, EscalationTier tier, int number,
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, Reservation worst)
    {
        var stepOptions = new CallCorrelation(run.RunId, number, tier.Name, IsEscalation: false).ApplyTo(options);
        stepOptions.ModelId = ModelFor(tier, options);
        AgentLog.StepStarted(_logger, run.RunId, number, tier.Name, kind == StepKind.Final, worst.Tokens, worst.Usd ?? 0m);
        return new PlannedStep(kind, reason, tier, messages, stepOptions, worst);
    }

    private async ValueTask<EscalationTier> SelectTierAsync(
        AgentRun run, IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool isFinal, CancellationToken cancellationToken)
    {
        var progress = run.Progress;
        var context = new AgentStepContext(
            run.RunId,
            progress.Steps + 1,
            isFinal,
            ToolResultsPending(messages),
            progress.PreviousInvalid,
            progress.PreviousTier,
            progress.InputTokens,
            progress.OutputTokens,
            progress.CostUsd,
            _tiers,
            messages,
            options);
        var tier = await _policy.SelectTierAsync(context, cancellationToken).ConfigureAwait(false);
        return Array.IndexOf(_tiers, tier) >= 0
            ? tier
            : throw new InvalidOperationException(
                $"The step policy {_policy.GetType().Name} chose a tier ('{tier?.Name}') that is not one of the runner's tiers; return one of AgentStepContext.Tiers.");
    }

    // The strongest tier keeps a model the caller asked for; a cheaper tier calls its own model.
    private string? ModelFor(EscalationTier tier, ChatOptions? options) =>
        ReferenceEquals(tier, _tiers[^1]) ? options?.ModelId ?? tier.ModelId : tier.ModelId ?? options?.ModelId;

    private Reservation WorstCase(AgentRun run, IReadOnlyList<ChatMessage> messages, ChatOptions? options, EscalationTier tier)
    {
        string? model = ModelFor(tier, options);
        var price = _catalog.TryResolve(model, out var resolution) ? resolution.Price : null;
        long input = _tokenCounter.CountPromptTokens(messages, options);
        long output = options?.MaxOutputTokens ?? price?.MaxOutputTokens ?? _fallbackMaximumOutputTokens;
        if (price is null)
        {
            if (_bounds.MaximumCost is not null)
            {
                AgentLog.Unpriced(_logger, run.RunId, model ?? "(none)", tier.Name);
            }

            return new Reservation(input, output, null);
        }

        // Reasoning tokens are part of the output and may have a price of their own: reserve the dearer of the two.
        var usage = new TokenUsage { InputTokens = input, CachedInputTokens = 0, OutputTokens = output };
        decimal asOutput = CostCalculator.Calculate(price, usage).Total;
        decimal asReasoning = price.ReasoningOutputPerMillion is null ? 0m : CostCalculator.Calculate(price, usage with { ReasoningTokens = output }).Total;
        return new Reservation(input, output, Math.Max(asOutput, asReasoning));
    }

    private AgentRunReport Complete(
        AgentRun run, PlannedStep step, IReadOnlyList<ChatMessage> messages, ChatOptions? options, ChatResponse response, CostLedgerEntry? entry)
    {
        var usage = entry is { Usage.IsUnknown: false } ? entry.Usage : UsageReader.FromUsageDetails(response.Usage);
        decimal? cost = entry is { Usage.IsUnknown: false } ? entry.CostUsd : null;
        long input;
        long output;
        if (usage.IsUnknown)
        {
            // No usage reported: the step is charged its whole reservation, so the bounds stay hard.
            input = step.Reserved.InputTokens;
            output = step.Reserved.OutputTokens;
            cost = step.Reserved.Usd;
        }
        else
        {
            input = usage.InputTokens ?? 0;
            output = usage.OutputTokens ?? 0;
            if (cost is null && _catalog.TryResolve(response.ModelId ?? step.Options?.ModelId, out var resolution))
            {
                cost = CostCalculator.Calculate(resolution.Price, usage).Total;
            }
        }

        var record = new StepRecord(
            step.Tier!,
            step.Kind == StepKind.Final,
            step.Reserved.Tokens,
            step.Reserved.Usd,
            input,
            output,
            cost ?? 0m,
            HasInvalidToolCalls(response, options),
            response,
            [.. messages, .. response.Messages]);
        var report = run.Complete(record, _identicalToolCallsForLoop, _stepsWithoutProgressForLoop);

        var tier = new KeyValuePair<string, object?>(CostAwareTelemetry.TierTag, step.Tier!.Name);
        _steps.Add(1, tier, new KeyValuePair<string, object?>(AgentTelemetry.StepKindTag, step.Kind == StepKind.Final ? "final" : "work"));
        _stepCost.Add((double)(cost ?? 0m), tier);
        _stepTokens.Add(input + output, tier);
        if (step.Kind == StepKind.Final)
        {
            RecordStop(report, step.Reason);
        }

        return report;
    }

    private ChatResponse StopResponse(AgentRun run, AgentStopReason reason, IReadOnlyList<ChatMessage> transcript)
    {
        var report = Stop(run, reason, transcript);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, _stopMessage))
        {
            FinishReason = ChatFinishReason.Stop,
            AdditionalProperties = new() { [AgentRunReport.ResponseKey] = report },
        };
    }

    private ChatResponseUpdate StopUpdate(AgentRun run, AgentStopReason reason, IReadOnlyList<ChatMessage> transcript)
    {
        var report = Stop(run, reason, transcript);
        return new ChatResponseUpdate(ChatRole.Assistant, _stopMessage)
        {
            FinishReason = ChatFinishReason.Stop,
            AdditionalProperties = new() { [AgentRunReport.ResponseKey] = report },
        };
    }

    private AgentRunReport Stop(AgentRun run, AgentStopReason reason, IReadOnlyList<ChatMessage> transcript)
    {
        bool first = run.MarkStopped(reason, transcript);
        var report = run.GetReport();
        if (first)
        {
            RecordStop(report, reason);
        }

        return report;
    }

    private void RecordStop(AgentRunReport report, AgentStopReason reason)
    {
        var tag = new KeyValuePair<string, object?>(AgentTelemetry.StopReasonTag, AgentTelemetry.ToTagValue(reason));
        _stops.Add(1, tag);
        _stepsPerStoppedRun.Record(report.Steps, tag);
        _costPerStoppedRun.Record((double)report.CostUsd, tag);
        AgentLog.RunStopped(_logger, report.RunId, reason, report.Steps, report.TotalTokens, report.CostUsd, report.FinalStepMade);
    }

    private static bool ToolResultsPending(IReadOnlyList<ChatMessage> messages) =>
        messages.Count > 0 && (messages[^1].Role == ChatRole.Tool || messages[^1].Contents.Any(static c => c is FunctionResultContent));

    // A call is invalid when it names a tool the request does not offer, or its arguments could not be parsed.
    private static bool HasInvalidToolCalls(ChatResponse response, ChatOptions? options)
    {
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call &&
                    (call.Exception is not null || options?.Tools?.Any(t => string.Equals(t.Name, call.Name, StringComparison.Ordinal)) != true))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void RemoveToolCalls(IList<AIContent> contents)
    {
        for (int i = contents.Count - 1; i >= 0; i--)
        {
            if (contents[i] is FunctionCallContent)
            {
                contents.RemoveAt(i);
            }
        }
    }

    private enum StepKind
    {
        Work,
        Final,
        Stop,
    }

    private readonly record struct PlannedStep(
        StepKind Kind,
        AgentStopReason Reason,
        EscalationTier? Tier,
        IReadOnlyList<ChatMessage>? Messages,
        ChatOptions? Options,
        Reservation Reserved)
    {
        public static PlannedStep Stop(AgentStopReason reason) => new(StepKind.Stop, reason, null, null, null, default);
    }

    /// <summary>A step's worst case: its prompt tokens, its maximum output tokens, and their price when known.</summary>
    private readonly record struct Reservation(long InputTokens, long OutputTokens, decimal? Usd)
    {
        public long Tokens => InputTokens + OutputTokens;
    }
}
