namespace Fewshot.Inference;

/// <summary>
/// The most likely class of one photo and every class's probability. <see cref="IsUnknown"/> is true when
/// the top probability is below the predictor's threshold: the photo looks like none of the classes.
/// </summary>
public sealed record Prediction(string Source, string Label, int ClassIndex, float Probability,
    IReadOnlyList<float> Probabilities, bool IsUnknown)
{
    public const string UnknownLabel = "unknown";
    /// <summary>The label to show: the class, or "unknown".</summary>
    public string Verdict => IsUnknown ? UnknownLabel : Label;

    /// <summary>The prediction for one photo's class probabilities (in <paramref name="classes"/> order).</summary>
    public static Prediction From(string source, IReadOnlyList<string> classes, float[] probabilities, float unknownThreshold)
    {
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return new Prediction(source, classes[best], best, probabilities[best], probabilities, probabilities[best] < unknownThreshold);
    }
}
