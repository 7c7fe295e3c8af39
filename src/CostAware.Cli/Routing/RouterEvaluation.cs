namespace CostAware.Cli.Routing;

/// <summary>One point of a routing curve: a share of calls sent to the strong model and what that mix reaches.</summary>
/// <param name="Share">The share of prompts sent to the strong model, 0 to 1.</param>
/// <param name="Quality">The mean quality of the routed answers.</param>
/// <param name="Pgr">The performance gap recovered: (quality - weak) / (strong - weak).</param>
/// <param name="CostUsd">What the routed calls cost, or <see langword="null"/> when calls cannot be priced.</param>
internal sealed record CurvePoint(double Share, double Quality, double Pgr, double? CostUsd);

/// <summary>How one router scores, as the RouteLLM paper measures it.</summary>
/// <param name="Apgr">The area under the PGR curve over the strong-call share (trapezoid rule, share 0 to 1).</param>
/// <param name="Cpt50">The smallest strong-call share reaching a PGR of 50%.</param>
/// <param name="Cpt80">The smallest strong-call share reaching a PGR of 80%.</param>
/// <param name="StrongShareAt95">The smallest strong-call share whose quality reaches 95% of the strong model's.</param>
/// <param name="SavingAt95">The share of the all-strong cost saved at <paramref name="StrongShareAt95"/>: from
/// token prices when every call can be priced, else 1 minus the strong-call share.</param>
/// <param name="Curve">The curve's points, by increasing share, from 0 to 1.</param>
internal sealed record RouterMetrics(
    double Apgr,
    double Cpt50,
    double Cpt80,
    double StrongShareAt95,
    double SavingAt95,
    IReadOnlyList<CurvePoint> Curve);

/// <summary>Scores routers between a weak and a strong model on labelled prompts, as the RouteLLM paper does.</summary>
/// <remarks>
/// <para>A router gives each prompt a score; the threshold sweeps over quantiles of those scores (every 1% share, plus
/// 0 and 100%), and every prompt scoring at or above it goes to the strong model. Prompts with equal scores always
/// go together, so a tie group is never split by its order in the file: the sweep point lands at the end of the
/// group, and between sweep points the curve is linear, which is the expectation of breaking the tie at random.</para>
/// <para>CPT(x) and the 95% share are the smallest share at which the piecewise-linear curve first reaches the
/// target, interpolated linearly between the two sweep points around the crossing; the cost at that share is
/// interpolated the same way.</para>
/// <para>The random router's curve is the straight line from all-weak to all-strong (its expected quality is linear
/// in the share), so its APGR is 0.5 exactly. The oracle sends the prompts where the strong model beats the weak one
/// first, largest gain first; its curve uses every tie group's end, not only the 1% grid.</para>
/// </remarks>
internal sealed class RouterEvaluation
{
    /// <summary>The number of steps of the threshold sweep: every 1% share.</summary>
    public const int SweepSteps = 100;

    /// <summary>The share of the strong model's quality the <c>_at_95</c> figures aim for.</summary>
    public const double QualityTarget = 0.95;

    private readonly double[] _weak;
    private readonly double[] _strong;
    private readonly double[]? _weakCost;
    private readonly double[]? _strongCost;
    private readonly double _totalGain;

    /// <summary>Initializes a new instance of the <see cref="RouterEvaluation"/> class.</summary>
    /// <param name="weakQuality">Per prompt, the weak model's quality.</param>
    /// <param name="strongQuality">Per prompt, the strong model's quality.</param>
    /// <param name="weakCost">Per prompt, what the weak model's calls cost, or <see langword="null"/> when they
    /// cannot be priced.</param>
    /// <param name="strongCost">Per prompt, what the strong model's calls cost, or <see langword="null"/>.</param>
    /// <exception cref="CliException">There is no prompt, or the strong model is not better than the weak one on
    /// average, so PGR is undefined.</exception>
    public RouterEvaluation(
        IReadOnlyList<double> weakQuality,
        IReadOnlyList<double> strongQuality,
        IReadOnlyList<decimal>? weakCost = null,
        IReadOnlyList<decimal>? strongCost = null)
    {
        ArgumentNullException.ThrowIfNull(weakQuality);
        ArgumentNullException.ThrowIfNull(strongQuality);
        if (weakQuality.Count != strongQuality.Count
            || (weakCost is not null && weakCost.Count != weakQuality.Count)
            || (strongCost is not null && strongCost.Count != weakQuality.Count))
        {
            throw new ArgumentException("every per-prompt list must have one value per prompt.", nameof(strongQuality));
        }

        if (weakQuality.Count == 0)
        {
            throw new CliException("there is no prompt to score.");
        }

        _weak = [.. weakQuality];
        _strong = [.. strongQuality];
        if (weakCost is not null && strongCost is not null)
        {
            _weakCost = [.. weakCost.Select(static c => (double)c)];
            _strongCost = [.. strongCost.Select(static c => (double)c)];
        }

        _totalGain = _strong.Sum() - _weak.Sum();
        WeakQuality = _weak.Average();
        StrongQuality = _strong.Average();
        if (!(_totalGain > 0d))
        {
            throw new CliException(
                $"the strong model is not better than the weak one on this data (mean quality {StrongQuality:0.######} vs {WeakQuality:0.######}), so the gap a router recovers (PGR) is undefined; check --strong and --weak.");
        }
    }

    /// <summary>Gets the number of prompts.</summary>
    public int Count => _weak.Length;

    /// <summary>Gets the weak model's mean quality: every prompt sent to it.</summary>
    public double WeakQuality { get; }

    /// <summary>Gets the strong model's mean quality: every prompt sent to it.</summary>
    public double StrongQuality { get; }

    /// <summary>Gets a value indicating whether the calls are priced, so that savings come from costs.</summary>
    public bool HasCosts => _weakCost is not null;

    /// <summary>Gets what sending every prompt to the weak model costs, or <see langword="null"/>.</summary>
    public double? WeakCostUsd => _weakCost?.Sum();

    /// <summary>Gets what sending every prompt to the strong model costs, or <see langword="null"/>.</summary>
    public double? StrongCostUsd => _strongCost?.Sum();

    /// <summary>Scores a router from its scores, sweeping the threshold over their quantiles.</summary>
    /// <param name="scores">Per prompt, the router's score; higher sends the prompt to the strong model sooner.</param>
    /// <returns>The metrics and the curve.</returns>
    public RouterMetrics Router(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count != Count)
        {
            throw new ArgumentException($"expected {Count} scores, one per prompt, but got {scores.Count}.", nameof(scores));
        }

        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("a score is NaN.", nameof(scores));
        }

        return Measure(Sweep(scores, everyTieGroup: false));
    }

    /// <summary>Scores the random router analytically: its expected quality is linear in the strong-call share.</summary>
    /// <returns>The metrics; APGR is 0.5 and CPT(x) is x.</returns>
    public RouterMetrics Random() => Measure([Point(0, 0d, 0d, 0d), Point(Count, _totalGain, 1d, StrongCostUsd - WeakCostUsd)]);

    /// <summary>Scores the oracle, which sends the prompts where the strong model beats the weak one first, largest
    /// gain first.</summary>
    /// <returns>The metrics.</returns>
    public RouterMetrics Oracle() =>
        Measure(Sweep([.. _strong.Select((s, i) => s - _weak[i])], everyTieGroup: true));

    /// <summary>Reads a curve's quality at a share, interpolating linearly between its points.</summary>
    /// <param name="curve">The curve, by increasing share from 0 to 1.</param>
    /// <param name="share">The share, 0 to 1.</param>
    /// <returns>The quality.</returns>
    public static double QualityAt(IReadOnlyList<CurvePoint> curve, double share)
    {
        ArgumentNullException.ThrowIfNull(curve);
        for (int i = 1; i < curve.Count; i++)
        {
            if (curve[i].Share >= share)
            {
                var (a, b) = (curve[i - 1], curve[i]);
                double t = b.Share == a.Share ? 1d : (share - a.Share) / (b.Share - a.Share);
                return a.Quality + (t * (b.Quality - a.Quality));
            }
        }

        return curve[^1].Quality;
    }

    // The points where the threshold sits at quantiles of the scores (or at every tie group's end), by share.
    private List<CurvePoint> Sweep(IReadOnlyList<double> scores, bool everyTieGroup)
    {
        int n = Count;
        int[] order = [.. Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(static i => i)];

        // groupEnd[k] = how many prompts go strong when the threshold is the k-th highest score (k >= 1): every
        // prompt tied with it goes too.
        int[] groupEnd = new int[n + 1];
        for (int k = n; k >= 1; k--)
        {
            groupEnd[k] = k == n || scores[order[k]] != scores[order[k - 1]] ? k : groupEnd[k + 1];
        }

        var counts = new SortedSet<int> { 0, n };
        for (int k = 1; k <= n; k++)
        {
            if (everyTieGroup)
            {
                counts.Add(groupEnd[k]);
            }
        }

        if (!everyTieGroup)
        {
            for (long step = 1; step < SweepSteps; step++)
            {
                int k = (int)(((step * n) + SweepSteps - 1) / SweepSteps);
                counts.Add(k == 0 ? 0 : groupEnd[k]);
            }
        }

        var points = new List<CurvePoint>(counts.Count);
        double gain = 0d, extraCost = 0d;
        int taken = 0;
        foreach (int count in counts)
        {
            for (; taken < count; taken++)
            {
                int i = order[taken];
                gain += _strong[i] - _weak[i];
                extraCost += _strongCost is null ? 0d : _strongCost[i] - _weakCost![i];
            }

            points.Add(Point(count, gain, count == n ? 1d : gain / _totalGain, _strongCost is null ? null : extraCost));
        }

        return points;
    }

    private CurvePoint Point(int strongCount, double gain, double pgr, double? extraCost) => new(
        (double)strongCount / Count,
        strongCount == Count ? StrongQuality : WeakQuality + (gain / Count),
        pgr,
        extraCost is { } extra ? WeakCostUsd + extra : null);

    private RouterMetrics Measure(List<CurvePoint> curve)
    {
        double apgr = 0d;
        for (int i = 1; i < curve.Count; i++)
        {
            apgr += (curve[i].Share - curve[i - 1].Share) * (curve[i].Pgr + curve[i - 1].Pgr) / 2d;
        }

        double targetPgr = ((QualityTarget * StrongQuality) - WeakQuality) / (StrongQuality - WeakQuality);
        var (share95, cost95) = FirstReaching(curve, targetPgr);
        double saving = cost95 is { } cost && StrongCostUsd is { } all && all > 0d ? 1d - (cost / all) : 1d - share95;
        return new RouterMetrics(apgr, FirstReaching(curve, 0.5).Share, FirstReaching(curve, 0.8).Share, share95, saving, curve);
    }

    // The smallest share at which the curve's PGR reaches the target, and the cost there; linear between points.
    private static (double Share, double? Cost) FirstReaching(List<CurvePoint> curve, double targetPgr)
    {
        if (curve[0].Pgr >= targetPgr)
        {
            return (curve[0].Share, curve[0].CostUsd);
        }

        for (int i = 1; i < curve.Count; i++)
        {
            if (curve[i].Pgr >= targetPgr)
            {
                var (a, b) = (curve[i - 1], curve[i]);
                double t = (targetPgr - a.Pgr) / (b.Pgr - a.Pgr);
                return (a.Share + (t * (b.Share - a.Share)), a.CostUsd + (t * (b.CostUsd - a.CostUsd)));
            }
        }

        // PGR is 1 at share 1, so only a target above 1 gets here.
        return (1d, curve[^1].CostUsd);
    }
}
