namespace CostAware;

/// <summary>Maps a difficulty score to a tier: with tiers ordered cheapest first, a score below the first cut point
/// goes to the cheapest tier, a score at or above the last goes to the strongest.</summary>
/// <remarks>Thresholds come from <see cref="RouterCalibration"/>, which also records the share of requests each tier
/// received on the calibration sample (<see cref="TargetShares"/>); the router compares the share it realises in
/// production with it and warns when the two drift apart.</remarks>
public sealed class RoutingThresholds
{
    private readonly double[] _cutPoints;
    private readonly double[]? _targetShares;

    /// <summary>Initializes a new instance of the <see cref="RoutingThresholds"/> class.</summary>
    /// <param name="cutPoints">The cut points, one fewer than the tiers, ascending.</param>
    /// <param name="targetShares">The intended share of requests per tier, cheapest first, summing to 1; optional.</param>
    /// <exception cref="ArgumentException">The cut points are empty, not ascending or not finite, or the shares do not
    /// match them.</exception>
    public RoutingThresholds(IEnumerable<double> cutPoints, IEnumerable<double>? targetShares = null)
    {
        ArgumentNullException.ThrowIfNull(cutPoints);
        _cutPoints = [.. cutPoints];
        if (_cutPoints.Length == 0)
        {
            throw new ArgumentException("At least one cut point is needed (two tiers).", nameof(cutPoints));
        }

        for (int i = 0; i < _cutPoints.Length; i++)
        {
            if (!double.IsFinite(_cutPoints[i]) || (i > 0 && _cutPoints[i] < _cutPoints[i - 1]))
            {
                throw new ArgumentException($"Cut points must be finite numbers in ascending order; cut point {i} is {_cutPoints[i]}.", nameof(cutPoints));
            }
        }

        if (targetShares is not null)
        {
            _targetShares = [.. targetShares];
            if (_targetShares.Length != _cutPoints.Length + 1)
            {
                throw new ArgumentException($"{_cutPoints.Length} cut points need {_cutPoints.Length + 1} target shares, one per tier; got {_targetShares.Length}.", nameof(targetShares));
            }

            if (_targetShares.Any(static s => !(s is >= 0 and <= 1)) || Math.Abs(_targetShares.Sum() - 1) > 1e-6)
            {
                throw new ArgumentException($"Target shares must be between 0 and 1 and sum to 1; got {string.Join(", ", _targetShares)}.", nameof(targetShares));
            }
        }
    }

    /// <summary>Gets the cut points, ascending.</summary>
    public IReadOnlyList<double> CutPoints => _cutPoints;

    /// <summary>Gets the intended share of requests per tier, cheapest first, or <see langword="null"/> when unknown.</summary>
    public IReadOnlyList<double>? TargetShares => _targetShares;

    /// <summary>Gets the number of tiers these thresholds split scores between.</summary>
    public int TierCount => _cutPoints.Length + 1;

    /// <summary>Creates cut points that split [0, 1] evenly, without target shares.</summary>
    /// <param name="tiers">The number of tiers, at least 2.</param>
    /// <returns>The thresholds.</returns>
    public static RoutingThresholds Even(int tiers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tiers, 2);
        return new RoutingThresholds(Enumerable.Range(1, tiers - 1).Select(i => i / (double)tiers));
    }

    /// <summary>Returns the tier (0 is the cheapest) a score maps to.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The tier index.</returns>
    public int TierFor(double score)
    {
        int tier = 0;
        while (tier < _cutPoints.Length && score >= _cutPoints[tier])
        {
            tier++;
        }

        return tier;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" | ", _cutPoints.Select(static c => c.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)));
}
