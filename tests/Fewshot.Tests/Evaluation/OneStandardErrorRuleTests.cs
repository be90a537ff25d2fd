using Fewshot.Evaluation;

namespace Fewshot.Tests.Evaluation;

public sealed class OneStandardErrorRuleTests
{
    /// <summary>Per-photo scores (1 right, 0 wrong) of two candidates on <paramref name="photos"/> photos.</summary>
    static (double[] Simple, double[] Complex) Paired(int photos, int bothRight, int onlySimple, int onlyComplex)
    {
        var simple = new double[photos];
        var complex = new double[photos];
        for (int i = 0; i < photos; i++)
        {
            bool both = i < bothRight, s = i >= bothRight && i < bothRight + onlySimple;
            bool c = i >= bothRight + onlySimple && i < bothRight + onlySimple + onlyComplex;
            simple[i] = both || s ? 1 : 0;
            complex[i] = both || c ? 1 : 0;
        }
        return (simple, complex);
    }

    [Fact]
    public void A_margin_the_size_of_the_noise_keeps_the_simpler_candidate()
    {
        // The held-out footballer case: 60 photos, face 51 right and both 53 (88.3% against 85.0%): 5 photos only both
        // gets right, 3 only face.
        var (face, both) = Paired(60, 48, 3, 5);
        var margin = PairedDifference.Of(both, face);
        Assert.Equal(2.0 / 60, margin.Mean, 12);
        Assert.True(margin.Mean < margin.StandardError, $"{margin.Mean} vs SE {margin.StandardError}");

        Assert.Equal(0, OneStandardErrorRule.Choose([face, both]));
        // Today's rule (the highest accuracy) would have taken "both".
        Assert.Equal(1, OneStandardErrorRule.Choose([face, both], z: 0));
    }

    [Fact]
    public void A_margin_well_beyond_the_noise_switches()
    {
        // The four-people case: 120 photos, both ahead by 8 (9 photos only both gets right, 1 only face).
        var (face, both) = Paired(120, 100, 1, 9);
        Assert.True(PairedDifference.Of(both, face).InStandardErrors > 2);
        Assert.Equal(1, OneStandardErrorRule.Choose([face, both]));
    }

    [Fact]
    public void The_simplest_candidate_within_the_noise_of_the_best_is_chosen_among_several()
    {
        // Penalties from the largest (simplest) down: 3 is within the noise of 1, which is the best; 0.3 is worse.
        var (large, medium) = Paired(60, 50, 1, 2);
        var (_, small) = Paired(60, 45, 0, 1);
        Assert.Equal(0, OneStandardErrorRule.Choose([large, medium, small]));
        // One photo ahead out of three where they disagree is within the noise; ahead on all three is not.
        var (simple, complex) = Paired(40, 30, 1, 2);
        Assert.Equal(0, OneStandardErrorRule.Choose([simple, complex]));
        (simple, complex) = Paired(40, 30, 0, 3);
        Assert.Equal(1, OneStandardErrorRule.Choose([simple, complex]));
        // Ties go to the simpler.
        Assert.Equal(0, OneStandardErrorRule.Choose([large, large]));
    }

    [Fact]
    public void Repeated_scores_average_over_repeats_and_the_error_is_over_photos()
    {
        // Two photos right half the time for A, never for B; two photos both always right.
        double[] a = [0.5, 0.5, 1, 1], b = [0, 0, 1, 1];
        var margin = PairedDifference.Of(a, b);
        Assert.Equal(0.25, margin.Mean, 12);
        // Differences 0.5, 0.5, 0, 0: sample standard deviation √(4·0.0625/3), divided by √4.
        Assert.Equal(Math.Sqrt(0.25 / 3) / 2, margin.StandardError, 12);
        Assert.Throws<ArgumentException>(() => PairedDifference.Of(a, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneStandardErrorRule.Choose([a], z: -1));
    }
}
