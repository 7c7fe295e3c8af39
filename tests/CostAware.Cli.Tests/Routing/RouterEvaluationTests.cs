using CostAware.Cli.Routing;

namespace CostAware.Cli.Tests.Routing;

public class RouterEvaluationTests
{
    private const double Precision = 1e-9;

    // Five prompts. Weak right on p1 and p3; strong right on all but p3. Qw = 2/5 = 0.4, Qs = 4/5 = 0.8, gap = 2.
    // Gains (strong - weak): p0 +1, p1 0, p2 +1, p3 -1, p4 +1.
    private static readonly double[] s_weak = [0, 1, 0, 1, 0];
    private static readonly double[] s_strong = [1, 1, 1, 0, 1];

    // The router ranks p0 > p1 > p2 > p3 > p4.
    private static readonly double[] s_scores = [0.9, 0.8, 0.7, 0.6, 0.1];

    // Weak calls cost 1 each (5 in all); strong calls 10, except p1 at 20 (60 in all).
    private static readonly decimal[] s_weakCost = [1, 1, 1, 1, 1];
    private static readonly decimal[] s_strongCost = [10, 20, 10, 10, 10];

    [Fact]
    public void The_router_curve_APGR_CPT_and_95_percent_share_match_the_hand_computed_values()
    {
        var evaluation = new RouterEvaluation(s_weak, s_strong);
        evaluation.WeakQuality.Should().BeApproximately(0.4, Precision);
        evaluation.StrongQuality.Should().BeApproximately(0.8, Precision);

        var metrics = evaluation.Router(s_scores);

        // With five distinct scores every 1% quantile lands on a whole prompt: shares 0, .2, .4, .6, .8, 1 and
        // cumulative gains 0, 1, 1, 2, 1, 2, so PGR 0, .5, .5, 1, .5, 1.
        metrics.Curve.Select(static p => p.Share).Should().Equal(0, 0.2, 0.4, 0.6, 0.8, 1);
        metrics.Curve.Select(static p => p.Pgr).Should().Equal(0, 0.5, 0.5, 1, 0.5, 1);

        // Trapezoids of width .2: .25 + .5 + .75 + .75 + .75 = 3, times .2.
        metrics.Apgr.Should().BeApproximately(0.6, Precision);

        // PGR first reaches .5 at share .2; .8 between (.4, .5) and (.6, 1): .4 + .2 x .3/.5 = .52.
        metrics.Cpt50.Should().BeApproximately(0.2, Precision);
        metrics.Cpt80.Should().BeApproximately(0.52, Precision);

        // 95% of 0.8 is 0.76, PGR (0.76 - 0.4) / 0.4 = 0.9: .4 + .2 x .4/.5 = .56. Unpriced: saving = 1 - share.
        metrics.StrongShareAt95.Should().BeApproximately(0.56, Precision);
        metrics.SavingAt95.Should().BeApproximately(0.44, Precision);
    }

    [Fact]
    public void Saving_at_95_comes_from_the_routed_mix_cost_interpolated_like_the_share()
    {
        var metrics = new RouterEvaluation(s_weak, s_strong, s_weakCost, s_strongCost).Router(s_scores);

        // Two prompts strong (p0, p1): 5 + 9 + 19 = 33; three (p2 too): 42. At t = .8 between them: 40.2 of 60.
        metrics.StrongShareAt95.Should().BeApproximately(0.56, Precision);
        metrics.SavingAt95.Should().BeApproximately(1 - (40.2 / 60), Precision);
        metrics.Curve.Select(static p => p.CostUsd).Should().Equal(5, 14, 33, 42, 51, 60);
    }

    [Fact]
    public void The_random_router_is_analytic_with_APGR_one_half()
    {
        var evaluation = new RouterEvaluation(s_weak, s_strong, s_weakCost, s_strongCost);

        var random = evaluation.Random();

        random.Apgr.Should().Be(0.5);
        random.Cpt50.Should().Be(0.5);
        random.Cpt80.Should().Be(0.8);
        random.StrongShareAt95.Should().BeApproximately(0.9, Precision);
        random.SavingAt95.Should().BeApproximately(1 - ((5 + (0.9 * 55)) / 60), Precision, "expected cost 5 + .9 x (60 - 5)");
        new RouterEvaluation(s_weak, s_strong).Random().SavingAt95.Should().BeApproximately(0.1, Precision);
    }

    [Fact]
    public void The_random_router_APGR_is_one_half_on_any_data()
    {
        var generator = new Random(7);
        double[] weak = [.. Enumerable.Range(0, 500).Select(_ => (double)generator.Next(2))];
        double[] strong = [.. weak.Select(w => w == 1 ? 1d : generator.Next(3) == 0 ? 0d : 1d)];

        new RouterEvaluation(weak, strong).Random().Apgr.Should().Be(0.5);
    }

    [Fact]
    public void The_oracle_matches_its_analytic_curve()
    {
        var oracle = new RouterEvaluation(s_weak, s_strong, s_weakCost, s_strongCost).Oracle();

        // Best first: the three +1 prompts (PGR rises linearly to 3/2 at share .6), the 0 prompt (flat to .8), the
        // -1 prompt (down to 1 at share 1). With m = 3 gains, z = 1 tie and l = 1 loss of n = 5, P = m / (m - l):
        // APGR = m/n x P/2 + z/n x P + l/n x (P + 1)/2 = .45 + .3 + .25 = 1.
        oracle.Curve.Select(static p => p.Share).Should().Equal(0, 0.6, 0.8, 1);
        oracle.Curve.Select(static p => p.Pgr).Should().Equal(0, 1.5, 1.5, 1);
        oracle.Apgr.Should().BeApproximately(1.0, Precision);
        oracle.Cpt50.Should().BeApproximately(0.2, Precision, ".5 / 1.5 x .6");
        oracle.Cpt80.Should().BeApproximately(0.32, Precision, ".8 / 1.5 x .6");
        oracle.StrongShareAt95.Should().BeApproximately(0.36, Precision, ".9 / 1.5 x .6");

        // Three prompts strong cost 5 + 3 x 9 = 32; at t = .6 from 5: 21.2 of 60.
        oracle.SavingAt95.Should().BeApproximately(1 - (21.2 / 60), Precision);
    }

    [Fact]
    public void Tied_scores_move_together_so_file_order_never_decides()
    {
        var evaluation = new RouterEvaluation(s_weak, s_strong);

        // One tie group: the only points are all-weak and all-strong, the random router's line.
        var allTied = evaluation.Router([0.5, 0.5, 0.5, 0.5, 0.5]);
        allTied.Curve.Select(static p => p.Share).Should().Equal(0, 1);
        allTied.Apgr.Should().Be(0.5);

        // p0 alone on top, then p1..p4 tied: points at shares 0, .2 and 1, whatever order the ties are in.
        var reordered = evaluation.Router([0.9, 0.3, 0.3, 0.3, 0.3]);
        reordered.Curve.Select(static p => p.Share).Should().Equal(0, 0.2, 1);
        reordered.Curve.Select(static p => p.Pgr).Should().Equal(0, 0.5, 1);
        reordered.Apgr.Should().BeApproximately((0.2 * 0.25) + (0.8 * 0.75), Precision);
    }

    [Fact]
    public void The_sweep_uses_one_percent_quantiles_plus_both_ends()
    {
        int n = 1000;
        double[] weak = [.. Enumerable.Range(0, n).Select(static i => i % 2 == 0 ? 0d : 1d)];
        double[] strong = [.. Enumerable.Repeat(1d, n)];
        double[] scores = [.. Enumerable.Range(0, n).Select(static i => (double)i)];

        var curve = new RouterEvaluation(weak, strong).Router(scores).Curve;

        curve.Should().HaveCount(101);
        curve.Select(static p => p.Share).Should().Equal(Enumerable.Range(0, 101).Select(static i => i * 10 / 1000d));
    }

    [Fact]
    public void A_strong_model_no_better_than_the_weak_one_is_refused()
    {
        var act = () => new RouterEvaluation([1, 0], [0, 1]);

        act.Should().Throw<CliException>().WithMessage("*not better than the weak one*PGR*");
    }

    [Fact]
    public void Weak_already_at_95_percent_needs_no_strong_call()
    {
        var metrics = new RouterEvaluation([9.6, 9.6], [10, 10]).Router([0.1, 0.2]);

        metrics.StrongShareAt95.Should().Be(0);
        metrics.SavingAt95.Should().Be(1);
    }
}
