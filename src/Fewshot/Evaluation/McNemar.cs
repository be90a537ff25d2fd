namespace Fewshot.Evaluation;

/// <summary>
/// McNemar's test: do two models that classified the same photos differ in accuracy? Only the photos
/// on which they disagree (one right, the other wrong) carry evidence.
/// </summary>
public static class McNemar
{
    /// <summary>Below this many discordant photos the chi-square approximation is poor, so the exact test is used.</summary>
    public const int ExactBelow = 25;

    /// <summary>
    /// Two-sided test on paired correctness flags. OnlyA counts photos A got right and B wrong; OnlyB the reverse.
    /// Exact binomial (p = 1/2) when OnlyA + OnlyB &lt; 25, else chi-square with continuity correction.
    /// </summary>
    public static (int OnlyA, int OnlyB, double PValue) Test(IReadOnlyList<bool> correctA, IReadOnlyList<bool> correctB)
    {
        ArgumentNullException.ThrowIfNull(correctA);
        ArgumentNullException.ThrowIfNull(correctB);
        if (correctA.Count != correctB.Count)
            throw new ArgumentException($"{correctA.Count} results for A but {correctB.Count} for B; they must be paired", nameof(correctB));

        int onlyA = 0, onlyB = 0;
        for (var i = 0; i < correctA.Count; i++)
        {
            if (correctA[i] && !correctB[i]) onlyA++;
            else if (correctB[i] && !correctA[i]) onlyB++;
        }
        return (onlyA, onlyB, PValue(onlyA, onlyB));
    }

    /// <summary>The two-sided p-value for the given discordant counts.</summary>
    public static double PValue(int onlyA, int onlyB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        var discordant = onlyA + onlyB;
        if (discordant == 0) return 1;
        return discordant < ExactBelow ? ExactBinomial(Math.Min(onlyA, onlyB), discordant) : ChiSquare(onlyA, onlyB);
    }

    // Twice the lower tail of Binomial(n, 1/2) at the smaller count; n < 25 keeps every term exact in a double.
    static double ExactBinomial(int smaller, int n)
    {
        double tail = 0, choose = 1;
        for (var k = 0; k <= smaller; k++)
        {
            tail += choose;
            choose = choose * (n - k) / (k + 1);
        }
        return Math.Min(1, 2 * tail / Math.Pow(2, n));
    }

    static double ChiSquare(int onlyA, int onlyB)
    {
        var corrected = Math.Max(0, Math.Abs(onlyA - onlyB) - 1.0);
        var statistic = corrected * corrected / (onlyA + onlyB);
        return Math.Min(1, NormalDistribution.ChiSquare1Survival(statistic));
    }
}
