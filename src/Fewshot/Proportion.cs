using System.Globalization;

namespace Fewshot;

/// <summary>
/// A count of successes out of a total (e.g. correct predictions out of validation photos),
/// with the Wilson score interval that says how much the observed rate can be trusted.
/// </summary>
public readonly record struct Proportion(int Successes, int Total)
{
    /// <summary>z for a two-sided 95% interval: the 97.5th percentile of the standard normal.</summary>
    public const double Z95 = 1.959963984540054;

    public int Successes { get; } = Successes >= 0 && Successes <= Total
        ? Successes
        : throw new ArgumentOutOfRangeException(nameof(Successes), Successes, $"must be between 0 and the total {Total}");

    public int Total { get; } = Total >= 0
        ? Total
        : throw new ArgumentOutOfRangeException(nameof(Total), Total, "must not be negative");

    /// <summary>Successes / Total, or NaN when Total is 0.</summary>
    public double Value => Total == 0 ? double.NaN : (double)Successes / Total;

    /// <summary>The 95% Wilson score interval; (0, 1) when Total is 0.</summary>
    public (double Low, double High) Wilson95 => Wilson(Z95);

    /// <summary>
    /// The Wilson score interval for a normal quantile <paramref name="z"/>. Unlike the normal
    /// approximation it stays inside [0, 1] and is not degenerate at 0/n or n/n, which matters
    /// for the small validation sets Fewshot works with.
    /// </summary>
    public (double Low, double High) Wilson(double z)
    {
        if (!(z > 0) || double.IsInfinity(z))
            throw new ArgumentOutOfRangeException(nameof(z), z, "must be a positive finite number");
        if (Total == 0) return (0, 1);

        double n = Total, p = Value, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var halfWidth = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // Clamp away rounding error so 0/n never prints as "-0.0%".
        return (Math.Max(0, centre - halfWidth), Math.Min(1, centre + halfWidth));
    }

    /// <summary>"92.5% (37/40, 95% CI 80.1–97.4%)", or "n/a (0/0)" when there is nothing to count.</summary>
    public override string ToString()
    {
        if (Total == 0) return "n/a (0/0)";
        var (low, high) = Wilson95;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Percent(Value)}% ({Successes}/{Total}, 95% CI {Percent(low)}–{Percent(high)}%)");
    }

    static string Percent(double fraction) => (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture);
}
