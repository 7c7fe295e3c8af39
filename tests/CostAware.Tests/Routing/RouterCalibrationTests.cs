namespace CostAware.Tests.Routing;

public class RouterCalibrationTests
{
    private static double[] Uniform(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())];
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void A_threshold_for_a_strong_share_gives_that_share_on_the_sample_and_within_two_points_on_fresh_traffic(double share)
    {
        var sample = Uniform(2_000, seed: 1);
        var fresh = Uniform(5_000, seed: 2);

        var thresholds = RouterCalibration.ForStrongShare(sample, share);

        thresholds.TargetShares![1].Should().BeApproximately(share, 1e-12);
        sample.Count(s => thresholds.TierFor(s) == 1).Should().Be((int)Math.Round(share * 2_000));
        (fresh.Count(s => thresholds.TierFor(s) == 1) / 5_000.0).Should().BeApproximately(share, 0.02);
    }

    [Fact]
    public void Three_tiers_get_their_shares_and_the_cut_points_fall_between_scores()
    {
        double[] scores = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

        var thresholds = RouterCalibration.ForShares(scores, 0.5, 0.3, 0.2);

        thresholds.CutPoints.Should().Equal(0.45, 0.75);
        thresholds.TargetShares.Should().Equal(0.5, 0.3, 0.2);
        scores.Select(thresholds.TierFor).Should().Equal(0, 0, 0, 0, 0, 1, 1, 1, 2, 2);
    }

    [Fact]
    public void Tied_scores_move_together_and_the_realised_share_is_recorded()
    {
        double[] scores = [0.1, 0.5, 0.5, 0.5, 0.9];

        var thresholds = RouterCalibration.ForStrongShare(scores, 0.4);

        thresholds.CutPoints.Should().Equal(0.5);
        thresholds.TargetShares.Should().Equal(0.2, 0.8);
    }

    [Fact]
    public void Shares_of_zero_and_one_send_everything_one_way()
    {
        double[] scores = [0.1, 0.4, 1.0];

        RouterCalibration.ForStrongShare(scores, 0).TargetShares.Should().Equal(1, 0);
        RouterCalibration.ForStrongShare(scores, 0).TierFor(1.0).Should().Be(0);
        RouterCalibration.ForStrongShare(scores, 1).TargetShares.Should().Equal(0, 1);
        RouterCalibration.ForStrongShare(scores, 1).TierFor(0).Should().Be(1);
    }

    [Fact]
    public void A_quality_target_picks_the_fewest_strong_calls_that_reach_it()
    {
        // Weak right on the three easiest; strong right everywhere but the hardest.
        CalibrationSample[] samples =
        [
            new(0.1, 1, 1), new(0.2, 1, 1), new(0.3, 1, 1), new(0.6, 0, 1), new(0.7, 0, 1), new(0.9, 0, 0),
        ];

        var half = RouterCalibration.ForQuality(samples, 0.5);
        var fourSixths = RouterCalibration.ForQuality(samples, 4 / 6.0);
        var fiveSixths = RouterCalibration.ForQuality(samples, 5 / 6.0);
        var unreachable = RouterCalibration.ForQuality(samples, 0.95);

        half.TargetShares.Should().Equal(1, 0);
        fourSixths.CutPoints.Should().Equal(0.7);
        fourSixths.TargetShares![1].Should().BeApproximately(2 / 6.0, 1e-12);
        fiveSixths.CutPoints.Should().Equal(0.6);
        unreachable.TargetShares.Should().Equal(0, 1);
    }

    [Fact]
    public async Task Calibrating_through_a_classifier_scores_the_prompts()
    {
        var classifier = DifficultyClassifier.FromDelegate(c => c.Prompt.Length / 10.0);

        var thresholds = await RouterCalibration.ForStrongShareAsync(classifier, ["a", "bb", "ccc", "dddd"], 0.25);

        thresholds.CutPoints.Should().Equal(0.35);
    }

    [Fact]
    public void Bad_samples_and_shares_are_rejected_with_the_reason()
    {
        var empty = () => RouterCalibration.ForStrongShare([], 0.3);
        var outOfRange = () => RouterCalibration.ForStrongShare([0.2, 1.2], 0.3);
        var shares = () => RouterCalibration.ForShares([0.2], 0.5, 0.6);
        var order = () => new RoutingThresholds([0.6, 0.4]);

        empty.Should().Throw<ArgumentException>().WithMessage("The calibration sample is empty.*");
        outOfRange.Should().Throw<ArgumentException>().WithMessage("Score 1 is 1.2; scores must be between 0 and 1.*");
        shares.Should().Throw<ArgumentException>().WithMessage("Give at least two shares between 0 and 1 that sum to 1; got 0.5, 0.6.*");
        order.Should().Throw<ArgumentException>().WithMessage("Cut points must be finite numbers in ascending order; cut point 1 is 0.4.*");
        var infinite = () => new RoutingThresholds([double.PositiveInfinity]);
        infinite.Should().Throw<ArgumentException>().WithMessage("Cut points must be finite numbers in ascending order; cut point 0 is Infinity.*");
        var share = () => RouterCalibration.ForStrongShare([0.2], 1.5);
        share.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("strongShare");
        var quality = () => RouterCalibration.ForQuality([new CalibrationSample(0.5, 0, 1)], double.NaN);
        quality.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("targetQuality");
    }
}
