namespace Fewshot.People;

/// <summary>
/// The distance beyond which a face is "unknown": for each training face, the distance to the nearest other
/// training face of the same person; the threshold is the <c>quantile</c> of those distances, so that share
/// of the known faces would still be recognised if it were new.
/// </summary>
public static class UnknownCalibration
{
    /// <summary>The threshold, or +∞ (never unknown) when no class has two faces.</summary>
    public static float Calibrate(IReadOnlyList<float[]> descriptors, IReadOnlyList<long> labels, double quantile)
    {
        var nearest = new List<float>();
        for (int i = 0; i < descriptors.Count; i++)
        {
            float best = float.PositiveInfinity;
            for (int j = 0; j < descriptors.Count; j++)
                if (j != i && labels[j] == labels[i]) best = Math.Min(best, Distance(descriptors[i], descriptors[j]));
            if (float.IsFinite(best)) nearest.Add(best);
        }
        if (nearest.Count == 0) return float.PositiveInfinity;
        nearest.Sort();
        int at = (int)Math.Ceiling(quantile * nearest.Count) - 1;
        return nearest[Math.Clamp(at, 0, nearest.Count - 1)];
    }

    public static float Distance(float[] a, float[] b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++) sum += (a[k] - b[k]) * (double)(a[k] - b[k]);
        return (float)Math.Sqrt(sum);
    }
}
