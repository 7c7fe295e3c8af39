using Microsoft.Extensions.Logging;

namespace CostAware;

/// <summary>Counts where requests went over a sliding window and judges drift from the target shares.</summary>
internal sealed class RouterMonitor
{
    private readonly Lock _gate = new();
    private readonly int[] _window;
    private readonly int[] _windowCounts;
    private readonly long[] _totals;
    private readonly double[]? _targets;
    private readonly double _tolerance;
    private readonly int _minimum;
    private readonly ModelTier[] _tiers;
    private readonly ILogger _logger;
    private int _next;
    private int _filled;
    private long _requests;
    private bool _drifting;

    public RouterMonitor(ModelTier[] tiers, RoutingThresholds thresholds, TierRouterOptions options, ILogger logger)
    {
        _tiers = tiers;
        _window = new int[options.StatisticsWindow];
        _windowCounts = new int[tiers.Length];
        _totals = new long[tiers.Length];
        _targets = thresholds.TargetShares?.ToArray();
        _tolerance = options.DriftTolerance;
        _minimum = Math.Min(options.MinimumRequestsForDrift, options.StatisticsWindow);
        _logger = logger;
    }

    public void Record(int tier)
    {
        (int Tier, double Realised, double Target)? drift = null;
        bool resolved = false;
        int filled;
        lock (_gate)
        {
            if (_filled == _window.Length)
            {
                _windowCounts[_window[_next]]--;
            }
            else
            {
                _filled++;
            }

            _window[_next] = tier;
            _next = (_next + 1) % _window.Length;
            _windowCounts[tier]++;
            _totals[tier]++;
            _requests++;
            filled = _filled;

            if (_targets is not null && _filled >= _minimum)
            {
                var (worst, distance) = WorstTier();
                bool drifting = distance > _tolerance;
                if (drifting && !_drifting)
                {
                    drift = (worst, _windowCounts[worst] / (double)_filled, _targets[worst]);
                }

                resolved = !drifting && _drifting;
                _drifting = drifting;
            }
        }

        if (drift is var (t, realised, target))
        {
            RouterLog.Drift(_logger, _tiers[t].Name, realised, filled, target, _tolerance);
        }
        else if (resolved)
        {
            RouterLog.DriftResolved(_logger, filled, _tolerance);
        }
    }

    public double WindowShare(int tier)
    {
        lock (_gate)
        {
            return _filled == 0 ? 0 : _windowCounts[tier] / (double)_filled;
        }
    }

    public RouterStatistics Snapshot()
    {
        lock (_gate)
        {
            var tiers = new TierRoutingStatistics[_tiers.Length];
            for (int i = 0; i < tiers.Length; i++)
            {
                tiers[i] = new TierRoutingStatistics(
                    _tiers[i].Name, _tiers[i].ModelId, _totals[i], _filled == 0 ? 0 : _windowCounts[i] / (double)_filled, _targets?[i]);
            }

            double? maximum = _targets is not null && _filled >= _minimum ? WorstTier().Distance : null;
            return new RouterStatistics(_requests, _filled, tiers, maximum, _drifting);
        }
    }

    private (int Tier, double Distance) WorstTier()
    {
        int worst = 0;
        double distance = -1;
        for (int i = 0; i < _windowCounts.Length; i++)
        {
            double d = Math.Abs((_windowCounts[i] / (double)_filled) - _targets![i]);
            if (d > distance)
            {
                (worst, distance) = (i, d);
            }
        }

        return (worst, distance);
    }
}
