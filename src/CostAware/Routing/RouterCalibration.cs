namespace CostAware;

/// <summary>Calibrates <see cref="RoutingThresholds"/> on a sample of the application's own prompts.</summary>
/// <remarks>
/// A classifier's raw scores mean little on their own: what matters is which share of traffic each tier receives. The
/// calibration therefore takes the thresholds as quantiles of the classifier's scores on a sample, as RouteLLM does:
/// for a target of 30% strong-tier calls, the cut point is the score that 30% of the sample reaches. A threshold
/// calibrated on one mix of traffic gives another share on another mix; the router reports the share it realises and
/// warns when it drifts (<see cref="TierRouterOptions.DriftTolerance"/>).
/// </remarks>
public static class RouterCalibration
{
    /// <summary>Calibrates two tiers so that a target share of the sample goes to the strong tier.</summary>
    /// <param name="scores">The classifier's scores on a sample of prompts.</param>
    /// <param name="strongShare">The share of requests for the strong tier, in [0, 1].</param>
    /// <returns>The thresholds, with the shares they give on the sample as targets.</returns>
    public static RoutingThresholds ForStrongShare(IEnumerable<double> scores, double strongShare)
    {
        if (!(strongShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(strongShare), strongShare, "The strong share must be between 0 and 1.");
        }

        return ForShares(scores, 1 - strongShare, strongShare);
    }

    /// <summary>Calibrates any number of tiers so that each receives a target share of the sample.</summary>
    /// <param name="scores">The classifier's scores on a sample of prompts.</param>
    /// <param name="tierShares">The share of requests per tier, cheapest first, summing to 1.</param>
    /// <returns>The thresholds, with the shares they give on the sample as targets (ties in the scores can make these
    /// differ slightly from the shares asked for).</returns>
    /// <exception cref="ArgumentException">The sample is empty or holds a score outside [0, 1], or the shares are fewer
    /// than two, negative or do not sum to 1.</exception>
    public static RoutingThresholds ForShares(IEnumerable<double> scores, params double[] tierShares)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(tierShares);
        if (tierShares.Length < 2 || tierShares.Any(static s => !(s is >= 0 and <= 1)) || Math.Abs(tierShares.Sum() - 1) > 1e-6)
        {
            throw new ArgumentException($"Give at least two shares between 0 and 1 that sum to 1; got {string.Join(", ", tierShares)}.", nameof(tierShares));
        }

        double[] sorted = Sorted(scores, nameof(scores));
        int n = sorted.Length;
        var cuts = new double[tierShares.Length - 1];
        double cumulative = 0;
        for (int i = 0; i < cuts.Length; i++)
        {
            cumulative += tierShares[i];
            int below = (int)Math.Round(cumulative * n, MidpointRounding.AwayFromZero);
            cuts[i] = CutAt(sorted, below);
            if (i > 0 && cuts[i] < cuts[i - 1])
            {
                cuts[i] = cuts[i - 1];
            }
        }

        return new RoutingThresholds(cuts, Realised(sorted, cuts));
    }

    /// <summary>Calibrates two tiers for a target quality on labelled data: the threshold sending the fewest requests
    /// to the strong tier whose mean quality on the sample reaches the target.</summary>
    /// <param name="samples">Scored prompts with the quality each tier's answer reached (for example 1 for a correct
    /// answer, 0 for a wrong one, or a judge's score).</param>
    /// <param name="targetQuality">The mean quality to reach.</param>
    /// <returns>The thresholds, with the shares they give on the sample as targets; all requests go to the strong tier
    /// when even that misses the target.</returns>
    public static RoutingThresholds ForQuality(IEnumerable<CalibrationSample> samples, double targetQuality)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!double.IsFinite(targetQuality))
        {
            throw new ArgumentOutOfRangeException(nameof(targetQuality), targetQuality, "The target quality must be a number.");
        }

        var list = samples.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("The calibration sample is empty.", nameof(samples));
        }

        for (int i = 0; i < list.Length; i++)
        {
            if (!(list[i].Score is >= 0 and <= 1) || !double.IsFinite(list[i].WeakQuality) || !double.IsFinite(list[i].StrongQuality))
            {
                throw new ArgumentException($"Sample {i} has a score outside [0, 1] or a quality that is not a number.", nameof(samples));
            }
        }

        // Highest scores go strong first; at each distinct score, every sample with that score moves together.
        Array.Sort(list, static (a, b) => b.Score.CompareTo(a.Score));
        double quality = list.Sum(static s => s.WeakQuality);
        double target = targetQuality * list.Length;
        var scoresAscending = list.Select(static s => s.Score).Reverse().ToArray();
        if (quality >= target)
        {
            double above = list[0].Score;
            return WithRealised(scoresAscending, NextUp(above));
        }

        int i2 = 0;
        while (i2 < list.Length)
        {
            double score = list[i2].Score;
            while (i2 < list.Length && list[i2].Score == score)
            {
                quality += list[i2].StrongQuality - list[i2].WeakQuality;
                i2++;
            }

            if (quality >= target)
            {
                return WithRealised(scoresAscending, score);
            }
        }

        return WithRealised(scoresAscending, 0);
    }

    /// <summary>Calibrates two tiers for a target strong share by scoring a sample of prompts with a classifier.</summary>
    /// <param name="classifier">The classifier the router will use.</param>
    /// <param name="prompts">A sample of the application's prompts.</param>
    /// <param name="strongShare">The share of requests for the strong tier.</param>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    /// <returns>The thresholds.</returns>
    public static async Task<RoutingThresholds> ForStrongShareAsync(IDifficultyClassifier classifier, IEnumerable<string> prompts, double strongShare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(prompts);
        var scores = new List<double>();
        foreach (var prompt in prompts)
        {
            scores.Add(await classifier.ScoreAsync(DifficultyContext.ForPrompt(prompt), cancellationToken).ConfigureAwait(false));
        }

        return ForStrongShare(scores, strongShare);
    }

    private static RoutingThresholds WithRealised(double[] ascending, double cut) => new([cut], Realised(ascending, [cut]));

    private static double[] Sorted(IEnumerable<double> scores, string paramName)
    {
        double[] sorted = [.. scores];
        if (sorted.Length == 0)
        {
            throw new ArgumentException("The calibration sample is empty.", paramName);
        }

        for (int i = 0; i < sorted.Length; i++)
        {
            if (!(sorted[i] is >= 0 and <= 1))
            {
                throw new ArgumentException($"Score {i} is {sorted[i]}; scores must be between 0 and 1.", paramName);
            }
        }

        Array.Sort(sorted);
        return sorted;
    }

    // The cut that leaves `below` of the sorted scores under it: halfway between neighbours, so that a new prompt with
    // a score in the gap is not decided by rounding.
    private static double CutAt(double[] sorted, int below)
    {
        if (below <= 0)
        {
            return 0;
        }

        if (below >= sorted.Length)
        {
            return NextUp(sorted[^1]);
        }

        double low = sorted[below - 1], high = sorted[below];
        return low == high ? high : low + ((high - low) / 2);
    }

    private static double NextUp(double score) => Math.BitIncrement(score);

    private static double[] Realised(double[] ascending, double[] cuts)
    {
        var shares = new double[cuts.Length + 1];
        int previous = 0;
        for (int i = 0; i < cuts.Length; i++)
        {
            int below = LowerBound(ascending, cuts[i]);
            shares[i] = (below - previous) / (double)ascending.Length;
            previous = below;
        }

        shares[^1] = (ascending.Length - previous) / (double)ascending.Length;
        return shares;
    }

    private static int LowerBound(double[] ascending, double value)
    {
        int lo = 0, hi = ascending.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
