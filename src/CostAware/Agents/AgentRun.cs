using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CostAware;

/// <summary>
/// One agent run: an ambient scope, flowing with the async context like <see cref="CostScope"/>, whose every model
/// call through an <see cref="AgentRunChatClient"/> counts against the same bounds, across the iterations of a
/// <see cref="FunctionInvokingChatClient"/> and across several calls made for the same run.
/// </summary>
/// <example>
/// <code>
/// using var run = AgentRun.Begin();
/// var response = await agent.GetResponseAsync(messages, new ChatOptions { Tools = tools });
/// AgentRunReport report = run.GetReport(); // steps, tokens, dollars, tiers, why it stopped
/// </code>
/// </example>
/// <remarks>Runs nest: an inner run replaces the outer one until it is disposed. This type is thread-safe; steps of
/// one run made in parallel reserve their worst cases atomically.</remarks>
public sealed class AgentRun : IDisposable
{
    private static readonly AsyncLocal<AgentRun?> s_current = new();

    private readonly AgentRun? _parent;
    private readonly bool _isAmbient;
    private readonly Lock _gate = new();
    private readonly List<string> _stepTiers = [];
    private readonly Dictionary<string, int> _toolCalls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);
    private int _steps;
    private long _inputTokens;
    private long _outputTokens;
    private decimal _costUsd;
    private long _reservedTokens;
    private decimal _reservedUsd;
    private int _stepsWithoutProgress;
    private bool _loopDetected;
    private bool _previousStepInvalid;
    private EscalationTier? _previousTier;
    private AgentStopReason _stopReason;
    private bool _finalStepMade;
    private IReadOnlyList<ChatMessage> _transcript = [];
    private TimeProvider? _clock;
    private long _startedAt;
    private bool _disposed;

    private AgentRun(string runId, AgentRun? parent, bool isAmbient)
    {
        RunId = runId;
        _parent = parent;
        _isAmbient = isAmbient;
    }

    /// <summary>Gets the run in effect in the current async context, or <see langword="null"/>.</summary>
    public static AgentRun? Current => s_current.Value;

    /// <summary>Gets the run's id; every step's <see cref="CallCorrelation.RequestId"/>, so ledger entries of one run
    /// share it.</summary>
    public string RunId { get; }

    /// <summary>Begins a run.</summary>
    /// <param name="runId">The run's id; a new one by default.</param>
    /// <returns>The run; dispose it to end its scope.</returns>
    public static AgentRun Begin(string? runId = null)
    {
        if (runId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        }

        var run = new AgentRun(runId ?? $"run-{CostLedgerEntry.NewId()}", s_current.Value, isAmbient: true);
        s_current.Value = run;
        return run;
    }

    /// <summary>Returns a snapshot of the run so far.</summary>
    /// <returns>The report.</returns>
    public AgentRunReport GetReport()
    {
        lock (_gate)
        {
            return new AgentRunReport(
                RunId,
                _steps,
                _inputTokens,
                _outputTokens,
                _costUsd,
                [.. _stepTiers],
                _stopReason,
                _transcript,
                _clock is null ? TimeSpan.Zero : _clock.GetElapsedTime(_startedAt),
                _finalStepMade);
        }
    }

    /// <summary>Ends the run's scope, restoring the run that was current when it began. The run's state stays
    /// readable.</summary>
    public void Dispose()
    {
        if (_isAmbient && !_disposed)
        {
            _disposed = true;
            s_current.Value = _parent;
        }
    }

    internal static AgentRun CreateImplicit() => new($"run-{CostLedgerEntry.NewId()}", parent: null, isAmbient: false);

    internal AgentStopReason StopReason
    {
        get
        {
            lock (_gate)
            {
                return _stopReason;
            }
        }
    }

    internal bool LoopDetected
    {
        get
        {
            lock (_gate)
            {
                return _loopDetected;
            }
        }
    }

    internal (int Steps, long InputTokens, long OutputTokens, decimal CostUsd, bool PreviousInvalid, EscalationTier? PreviousTier) Progress
    {
        get
        {
            lock (_gate)
            {
                return (_steps, _inputTokens, _outputTokens, _costUsd, _previousStepInvalid, _previousTier);
            }
        }
    }

    /// <summary>Starts the run's clock at its first step.</summary>
    internal TimeSpan Start(TimeProvider clock)
    {
        lock (_gate)
        {
            if (_clock is null)
            {
                _clock = clock;
                _startedAt = clock.GetTimestamp();
            }

            return _clock.GetElapsedTime(_startedAt);
        }
    }

    /// <summary>Reserves a step and its worst case if every bound allows it; otherwise says which bound does not.</summary>
    internal AgentStopReason TryReserve(StepBounds bounds, long tokens, decimal? usd, bool keepStepForFinal, out int step)
    {
        lock (_gate)
        {
            step = 0;
            if (_steps + (keepStepForFinal ? 1 : 0) >= bounds.MaximumSteps)
            {
                return AgentStopReason.StepCap;
            }

            if (bounds.MaximumTokens is long maximumTokens && _inputTokens + _outputTokens + _reservedTokens + tokens > maximumTokens)
            {
                return AgentStopReason.TokenBudget;
            }

            if (bounds.MaximumCost is decimal maximumCost && (usd is null || _costUsd + _reservedUsd + usd.Value > maximumCost))
            {
                return AgentStopReason.CostBudget;
            }

            _reservedTokens += tokens;
            _reservedUsd += usd ?? 0m;
            step = ++_steps;
            return AgentStopReason.None;
        }
    }

    /// <summary>Gives back a reservation whose step made no billable call (it failed or was cancelled).</summary>
    internal void Release(long tokens, decimal? usd, string tier)
    {
        lock (_gate)
        {
            _reservedTokens -= tokens;
            _reservedUsd -= usd ?? 0m;
            _stepTiers.Add(tier);
        }
    }

    /// <summary>Records a step's real usage in place of its reservation, and judges its progress.</summary>
    internal AgentRunReport Complete(in StepRecord record, int? identicalToolCallsForLoop, int? stepsWithoutProgressForLoop)
    {
        lock (_gate)
        {
            _reservedTokens -= record.ReservedTokens;
            _reservedUsd -= record.ReservedUsd ?? 0m;
            _inputTokens += record.InputTokens;
            _outputTokens += record.OutputTokens;
            _costUsd += record.CostUsd;
            _stepTiers.Add(record.Tier.Name);
            _previousTier = record.Tier;
            _previousStepInvalid = record.HasInvalidToolCalls;
            _transcript = record.Transcript;
            if (record.IsFinal)
            {
                _finalStepMade = true;
            }
            else
            {
                JudgeProgress(record.Response, identicalToolCallsForLoop, stepsWithoutProgressForLoop);
            }
        }

        return GetReport();
    }

    /// <summary>Marks the run stopped; returns <see langword="true"/> the first time.</summary>
    internal bool MarkStopped(AgentStopReason reason, IReadOnlyList<ChatMessage>? transcript)
    {
        lock (_gate)
        {
            if (transcript is not null)
            {
                _transcript = transcript;
            }

            if (_stopReason != AgentStopReason.None)
            {
                return false;
            }

            _stopReason = reason;
            return true;
        }
    }

    private void JudgeProgress(ChatResponse response, int? identicalLimit, int? noProgressLimit)
    {
        bool progress = false;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    string signature = Signature(call);
                    int count = _toolCalls.TryGetValue(signature, out int seen) ? seen + 1 : 1;
                    _toolCalls[signature] = count;
                    progress |= count == 1;
                    if (identicalLimit is int limit && count >= limit)
                    {
                        _loopDetected = true;
                    }
                }
                else if (content is TextContent { Text: { Length: > 0 } text } && !string.IsNullOrWhiteSpace(text))
                {
                    progress |= _texts.Add(text.Trim());
                }
            }
        }

        _stepsWithoutProgress = progress ? 0 : _stepsWithoutProgress + 1;
        if (noProgressLimit is int steps && _stepsWithoutProgress >= steps)
        {
            _loopDetected = true;
        }
    }

    // Arguments are compared in key order, so {"a":1,"b":2} and {"b":2,"a":1} are the same call.
    private static string Signature(FunctionCallContent call)
    {
        if (call.Arguments is not { Count: > 0 } arguments)
        {
            return call.Name + "()";
        }

        var sorted = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in arguments)
        {
            sorted[key] = value;
        }

        string json = JsonSerializer.Serialize(sorted, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        return $"{call.Name}({json})";
    }
}

/// <summary>The bounds a step is checked against.</summary>
internal readonly record struct StepBounds(int MaximumSteps, long? MaximumTokens, decimal? MaximumCost);

/// <summary>What one finished step used and said.</summary>
internal readonly record struct StepRecord(
    EscalationTier Tier,
    bool IsFinal,
    long ReservedTokens,
    decimal? ReservedUsd,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    bool HasInvalidToolCalls,
    ChatResponse Response,
    IReadOnlyList<ChatMessage> Transcript);
