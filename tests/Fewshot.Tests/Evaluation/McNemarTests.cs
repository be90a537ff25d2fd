using Fewshot.Evaluation;

namespace Fewshot.Tests.Evaluation;

public class McNemarTests
{
    static bool[] Flags(string pattern) => pattern.Select(c => c == '1').ToArray();

    [Fact]
    public void NoDisagreement_GivesPOne()
    {
        var (onlyA, onlyB, p) = McNemar.Test(Flags("110011"), Flags("110011"));
        Assert.Equal((0, 0, 1.0), (onlyA, onlyB, p));
    }

    [Fact]
    public void TenToZero_IsTheExactTwoSidedBinomialTail()
    {
        var a = Enumerable.Repeat(true, 12).ToArray();
        var b = Enumerable.Repeat(false, 10).Concat([true, true]).ToArray();
        var (onlyA, onlyB, p) = McNemar.Test(a, b);
        Assert.Equal((10, 0), (onlyA, onlyB));
        Assert.Equal(2.0 / 1024, p, 15);
    }

    [Fact]
    public void CountsBothDirections()
    {
        var (onlyA, onlyB, p) = McNemar.Test(Flags("1100101"), Flags("1011001"));
        Assert.Equal((2, 2), (onlyA, onlyB));
        Assert.Equal(1.0, p); // 2 * P(X <= 2 | n = 4) = 2 * 11/16 capped at 1
    }

    [Theory]
    [InlineData(1, 2, 1.0)]           // 2 * (1 + 3) / 8 = 1
    [InlineData(0, 5, 2.0 / 32)]
    [InlineData(2, 7, 2.0 * 46 / 512)] // 2 * (1 + 9 + 36) / 2^9
    [InlineData(6, 18, 0.022655844688415527)] // 2 * sum C(24, 0..6) / 2^24, the last exact case
    public void SmallDiscordantCounts_UseTheExactTest(int onlyA, int onlyB, double expected)
    {
        Assert.Equal(expected, McNemar.PValue(onlyA, onlyB), 12);
        Assert.Equal(expected, McNemar.PValue(onlyB, onlyA), 12);
    }

    [Fact]
    public void TwentyFiveOrMore_UseChiSquareWithContinuityCorrection()
    {
        // (|20 - 5| - 1)^2 / 25 = 7.84; P(chi2_1 > 7.84) = erfc(sqrt(3.92)).
        Assert.Equal(0.005110260660855864, McNemar.PValue(20, 5), 12);
        // |13 - 12| - 1 = 0: no evidence at all.
        Assert.Equal(1.0, McNemar.PValue(13, 12));
    }

    [Fact]
    public void UnpairedResults_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => McNemar.Test(Flags("11"), Flags("1")));
    }

    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    public void Erfc_MatchesReferenceValuesToRelativePrecision(double x, double expected)
    {
        Assert.True(Math.Abs(NormalDistribution.Erfc(x) - expected) <= 1e-12 * expected,
            $"erfc({x}) = {NormalDistribution.Erfc(x):R}, expected {expected:R}");
        Assert.Equal(2 - expected, NormalDistribution.Erfc(-x), 12);
    }

    [Fact]
    public void ChiSquareSurvival_At3Point84_IsFivePercent()
    {
        Assert.Equal(0.05, NormalDistribution.ChiSquare1Survival(3.841458820694124), 12);
    }
}
