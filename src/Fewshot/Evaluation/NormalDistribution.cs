namespace Fewshot.Evaluation;

/// <summary>The few normal-distribution functions the tests need; .NET has no erfc.</summary>
public static class NormalDistribution
{
    /// <summary>P(X &gt; x) for X chi-square with one degree of freedom: erfc(sqrt(x / 2)).</summary>
    public static double ChiSquare1Survival(double x) => x <= 0 ? 1 : Erfc(Math.Sqrt(x / 2));

    /// <summary>
    /// The complementary error function to near double precision: the Maclaurin series of erf below 2,
    /// and above it the Laplace continued fraction, which keeps relative accuracy for tiny tails
    /// (p-values like 1e-12 stay meaningful instead of drowning in 1 - erf rounding).
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        if (x < 2) return 1 - ErfSeries(x);
        if (x > 27) return 0; // exp(-x²) underflows.
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / ContinuedFraction(x);
    }

    // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
    static double ErfSeries(double x)
    {
        double sum = 0, power = x, x2 = x * x;
        for (var n = 0; n < 100; n++)
        {
            var term = power / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) < 1e-17 * Math.Abs(sum)) break;
            power *= -x2 / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    // x + (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...)))), evaluated from the tail; 80 levels is ample for x >= 2.
    static double ContinuedFraction(double x)
    {
        var value = x;
        for (var k = 80; k >= 1; k--)
            value = x + k / 2.0 / value;
        return value;
    }
}
