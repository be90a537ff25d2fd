using Fewshot.Evaluation;

namespace Fewshot.Tests.Evaluation;

public class ProportionTests
{
    // The closed-form Wilson score interval, written out independently of the library's arrangement of it.
    static (double Low, double High) WilsonReference(int k, int n, double z)
    {
        var p = (double)k / n;
        var root = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        var low = (p + z * z / (2.0 * n) - root) / (1 + z * z / n);
        var high = (p + z * z / (2.0 * n) + root) / (1 + z * z / n);
        return (low, high);
    }

    [Theory]
    [InlineData(37, 40)]
    [InlineData(0, 10)]
    [InlineData(10, 10)]
    [InlineData(1, 2)]
    [InlineData(19, 20)]
    [InlineData(3, 1000)]
    public void Wilson95_MatchesTheClosedFormula(int successes, int total)
    {
        var expected = WilsonReference(successes, total, 1.959963984540054);
        var actual = new Proportion(successes, total).Wilson95;
        Assert.Equal(Math.Max(0, expected.Low), actual.Low, 12);
        Assert.Equal(Math.Min(1, expected.High), actual.High, 12);
    }

    [Theory]
    // Published values: Newcombe (1998), Statistics in Medicine 17:857-872, method 3 (Wilson score, no continuity correction).
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    // Hand-computed for the brief's example and the edge cases.
    [InlineData(37, 40, 0.8014, 0.9742)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(1, 2, 0.0945, 0.9055)]
    public void Wilson95_MatchesKnownValues(int successes, int total, double low, double high)
    {
        var interval = new Proportion(successes, total).Wilson95;
        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void Wilson_WithALargerZ_IsWider()
    {
        var proportion = new Proportion(30, 40);
        var (low95, high95) = proportion.Wilson95;
        var (low99, high99) = proportion.Wilson(2.5758293035489);
        Assert.True(low99 < low95 && high99 > high95);
        Assert.Equal(WilsonReference(30, 40, 2.5758293035489).Low, low99, 12);
    }

    [Fact]
    public void ZeroOfZero_HasNoValueAndTheWholeInterval()
    {
        var empty = new Proportion(0, 0);
        Assert.True(double.IsNaN(empty.Value));
        Assert.Equal((0.0, 1.0), empty.Wilson95);
        Assert.Equal("n/a (0/0)", empty.ToString());
    }

    [Theory]
    [InlineData(37, 40, "92.5% (37/40, 95% CI 80.1–97.4%)")]
    [InlineData(0, 10, "0.0% (0/10, 95% CI 0.0–27.8%)")]
    [InlineData(10, 10, "100.0% (10/10, 95% CI 72.2–100.0%)")]
    [InlineData(1, 2, "50.0% (1/2, 95% CI 9.5–90.5%)")]
    public void ToString_ShowsPercentCountsAndInterval(int successes, int total, string expected)
    {
        Assert.Equal(expected, new Proportion(successes, total).ToString());
    }

    [Fact]
    public void ToString_IgnoresTheCurrentCulture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("92.5% (37/40, 95% CI 80.1–97.4%)", new Proportion(37, 40).ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, -1)]
    public void InvalidCounts_AreRejected(int successes, int total)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Proportion(successes, total));
    }

    [Fact]
    public void IsAValueWithDeconstruction()
    {
        var (successes, total) = new Proportion(3, 4);
        Assert.Equal((3, 4), (successes, total));
        Assert.Equal(new Proportion(3, 4), new Proportion(3, 4));
        Assert.Equal(0.75, new Proportion(3, 4).Value);
    }
}
