namespace Fewshot.Tests.Models;

internal static class Compare
{
    /// <summary>max |actual − expected| over max |expected|: relative to the features' scale, so near-zero features don't dominate.</summary>
    public static double MaxRelativeDifference(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0, scale = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return worst / scale;
    }
}
