namespace CostAware.Simulation;

/// <summary>A manual clock for replaying workloads in virtual time: time moves only when <see cref="Advance"/> is
/// called, and timers (including those behind <c>Task.Delay(delay, clock)</c>) fire as it passes their due
/// time.</summary>
/// <remarks>
/// <para>Give the clock to <see cref="SimulatorOptions.TimeProvider"/> with <see
/// cref="SimulatorOptions.SimulateLatency"/>
/// left on, start the calls, then advance the clock: each call completes when virtual time reaches its simulated
/// latency, so a replay of hours runs in moments and timings are exact.</para>
/// <para>Timer callbacks run synchronously on the thread that advances the clock, in due-time order, with the clock
/// reading their due time. The code awaiting a delay may resume on another thread a moment later, so a driver that
/// steps with <see cref="AdvanceToNextTimer"/> should, when it finds no timer pending while a call is still running,
/// yield briefly and try again. This type is thread-safe.</para>
/// </remarks>
public sealed class SimulationClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _start;
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Initializes a new instance of the <see cref="SimulationClock"/> class.</summary>
    /// <param name="start">The time the clock starts at.</param>
    public SimulationClock(DateTimeOffset start)
    {
        _start = start;
        _now = start;
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets the number of timers waiting to fire.</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueTime is not null);
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return (_now - _start).Ticks;
        }
    }

    /// <summary>Moves the clock forward, firing every timer whose due time it passes.</summary>
    /// <param name="delta">How far to move; zero fires the timers already due.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        RunUntil(target);
    }

    /// <summary>Moves the clock to the next timer's due time and fires it (and any due with it).</summary>
    /// <returns><see langword="false"/> if no timer is waiting; the clock then stays where it is.</returns>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset target;
        lock (_gate)
        {
            var next = Earliest();
            if (next is null)
            {
                return false;
            }

            target = next.DueTime!.Value < _now ? _now : next.DueTime.Value;
        }

        RunUntil(target);
        return true;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void RunUntil(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = Earliest();
                if (due is null || due.DueTime > target)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (due.DueTime > _now)
                {
                    _now = due.DueTime!.Value;
                }

                due.DueTime = due.Period is { } period ? _now + period : null;
                due.Sequence = _sequence++;
            }

            due.Fire();
        }
    }

    private ManualTimer? Earliest()
    {
        ManualTimer? earliest = null;
        foreach (var timer in _timers)
        {
            if (timer.DueTime is not null &&
                (earliest is null || timer.DueTime < earliest.DueTime ||
                 (timer.DueTime == earliest.DueTime && timer.Sequence < earliest.Sequence)))
            {
                earliest = timer;
            }
        }

        return earliest;
    }

    private sealed class ManualTimer(SimulationClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset? DueTime { get; set; }

        public TimeSpan? Period { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero, positive or infinite.");
            }

            bool fireNow;
            lock (clock._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                Period = period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan ? period : null;
                DueTime = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                Sequence = clock._sequence++;
                if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                }

                fireNow = dueTime == TimeSpan.Zero;
            }

            // A timer due now fires at once, as a system timer would, rather than waiting for the next advance.
            if (fireNow)
            {
                clock.RunUntil(clock.GetUtcNow());
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                _disposed = true;
                DueTime = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
