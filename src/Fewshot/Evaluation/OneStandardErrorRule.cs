namespace Fewshot.Evaluation;

/// <summary>
/// The difference between two candidates scored on the same photos: the mean over photos of (score of A − score of B)
/// and its standard error (sample standard deviation of the per-photo differences / √photos).
/// </summary>
public readonly record struct PairedDifference(double Mean, double StandardError, int Count)
{
    /// <summary>A's advantage over B in standard errors (∞ when they differ on no photo but A is ahead).</summary>
    public double InStandardErrors => StandardError > 0 ? Mean / StandardError : Mean > 0 ? double.PositiveInfinity : 0;

    public static PairedDifference Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"{a.Count} scores for A but {b.Count} for B; they must be paired", nameof(b));
        int n = a.Count;
        if (n == 0) return new PairedDifference(0, 0, 0);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += a[i] - b[i];
        mean /= n;
        if (n == 1) return new PairedDifference(mean, 0, 1);
        double squares = 0;
        for (int i = 0; i < n; i++) squares += (a[i] - b[i] - mean) * (a[i] - b[i] - mean);
        return new PairedDifference(mean, Math.Sqrt(squares / (n - 1) / n), n);
    }
}

/// <summary>
/// Chooses among candidates scored on the same photos (e.g. out-of-fold correctness, averaged over repeated
/// cross-validation) without following noise: the simplest candidate whose mean score is within
/// <c>z</c> standard errors of the best's, the standard error being that of the paired per-photo difference
/// (Breiman's one-standard-error rule, with the spread measured where the candidates disagree). A more complex
/// candidate is chosen only when it wins by more than the noise of the photos it was scored on.
/// </summary>
public static class OneStandardErrorRule
{
    /// <summary>
    /// The index of the chosen candidate. <paramref name="scoresSimplestFirst"/> holds one score per photo for each
    /// candidate, the simplest candidate first; ties on the mean go to the simpler.
    /// </summary>
    public static int Choose(IReadOnlyList<IReadOnlyList<double>> scoresSimplestFirst, double z = 1)
    {
        if (scoresSimplestFirst.Count == 0) throw new ArgumentException("needs at least one candidate", nameof(scoresSimplestFirst));
        if (!(z >= 0) || double.IsInfinity(z)) throw new ArgumentOutOfRangeException(nameof(z), z, "must be 0 or more and finite");
        int best = 0;
        for (int c = 1; c < scoresSimplestFirst.Count; c++)
            if (Mean(scoresSimplestFirst[c]) > Mean(scoresSimplestFirst[best])) best = c;
        for (int c = 0; c < best; c++)
        {
            var margin = PairedDifference.Of(scoresSimplestFirst[best], scoresSimplestFirst[c]);
            if (margin.Mean <= z * margin.StandardError) return c;
        }
        return best;
    }

    static double Mean(IReadOnlyList<double> scores) => scores.Count == 0 ? 0 : scores.Average();
}
