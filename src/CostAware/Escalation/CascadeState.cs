using System.Globalization;

namespace CostAware;

/// <summary>How one statistics key's requests are handled.</summary>
internal enum CascadeMode
{
    Cascade,
    Bypass,
    Probe,
}

/// <summary>The escalation window, totals and bypass state of one statistics key.</summary>
internal sealed class CascadeState(EscalationOptions options)
{
    private readonly Lock _lock = new();
    private readonly bool[] _window = new bool[options.StatisticsWindow];
    private int _windowCount;
    private int _windowNext;
    private int _windowEscalations;
    private long _requests, _cascade, _bypassed, _probes, _acceptedFirst, _escalations, _exhausted;
    private long _sinceBypass;
    private decimal _rejectedCost, _actualCost, _alwaysTopCost, _validationCost;
    private double? _breakEven;
    private bool _bypassing;
    private string? _lastTransition;

    /// <summary>Gets the mean validation cost per request so far, for the break-even rate.</summary>
    public decimal MeanValidationCost
    {
        get
        {
            lock (_lock)
            {
                return _requests == 0 ? 0m : _validationCost / _requests;
            }
        }
    }

    public CascadeMode NextMode()
    {
        lock (_lock)
        {
            if (!_bypassing)
            {
                return CascadeMode.Cascade;
            }

            _sinceBypass++;
            return _sinceBypass % options.ProbeEvery == 0 ? CascadeMode.Probe : CascadeMode.Bypass;
        }
    }

    /// <summary>Records a finished request and returns a description of the bypass transition it caused, if any.</summary>
    public string? Record(EscalationOutcome outcome, decimal? alwaysTopCost, double? breakEven)
    {
        lock (_lock)
        {
            _requests++;
            foreach (var attempt in outcome.Attempts)
            {
                decimal cost = (attempt.CostUsd ?? 0m) + attempt.ValidationCostUsd;
                _actualCost += cost;
                _validationCost += attempt.ValidationCostUsd;
                if (!attempt.Accepted)
                {
                    _rejectedCost += cost;
                }
            }

            _alwaysTopCost += alwaysTopCost ?? 0m;
            _exhausted += outcome.Final.Accepted ? 0 : 1;
            _breakEven = breakEven ?? _breakEven;

            if (outcome.Bypassed)
            {
                _bypassed++;
                return null;
            }

            _cascade++;
            _probes += outcome.Probe ? 1 : 0;
            _acceptedFirst += outcome.Escalated ? 0 : 1;
            _escalations += outcome.Escalated ? 1 : 0;
            Push(outcome.Escalated);
            return Decide();
        }
    }

    public EscalationStatistics Snapshot()
    {
        lock (_lock)
        {
            return new EscalationStatistics
            {
                Requests = _requests,
                CascadeRequests = _cascade,
                BypassedRequests = _bypassed,
                ProbeRequests = _probes,
                AcceptedFirstTier = _acceptedFirst,
                Escalations = _escalations,
                Exhausted = _exhausted,
                WindowEscalationRate = Rate,
                WindowSize = _windowCount,
                RejectedAttemptCost = _rejectedCost,
                ValidationCost = _validationCost,
                ActualCost = _actualCost,
                AlwaysTopCost = _alwaysTopCost,
                BreakEvenRate = _breakEven,
                IsBypassing = _bypassing,
                LastTransition = _lastTransition,
            };
        }
    }

    private double Rate => _windowCount == 0 ? 0 : (double)_windowEscalations / _windowCount;

    private void Push(bool escalated)
    {
        if (_windowCount == _window.Length)
        {
            _windowEscalations -= _window[_windowNext] ? 1 : 0;
        }
        else
        {
            _windowCount++;
        }

        _window[_windowNext] = escalated;
        _windowEscalations += escalated ? 1 : 0;
        _windowNext = (_windowNext + 1) % _window.Length;
    }

    private string? Decide()
    {
        if (!options.AutomaticBypass || _breakEven is not double breakEven)
        {
            return null;
        }

        double rate = Rate;
        if (!_bypassing && _windowCount >= options.MinimumRequestsBeforeBypass && rate > breakEven)
        {
            _bypassing = true;
            _sinceBypass = 0;
            _lastTransition = string.Create(CultureInfo.InvariantCulture,
                $"bypass engaged: escalation rate {rate * 100:0.0}% over the last {_windowCount} requests is above the break-even rate {breakEven * 100:0.0}%");
            return _lastTransition;
        }

        if (_bypassing && rate < breakEven - options.ReleaseMargin)
        {
            _bypassing = false;
            _lastTransition = string.Create(CultureInfo.InvariantCulture,
                $"cascade resumed: escalation rate {rate * 100:0.0}% over the last {_windowCount} requests is below the break-even rate {breakEven * 100:0.0}% less the margin {options.ReleaseMargin * 100:0.0}%");
            return _lastTransition;
        }

        return null;
    }
}
