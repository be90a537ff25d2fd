namespace Fewshot.Training;

/// <summary>
/// One validation photo's outcome: its actual class, the predicted class and the softmax probabilities
/// (indexed like the class list).
/// </summary>
public sealed record PredictionRecord(string Path, int Actual, int Predicted, float[] Probabilities)
{
    /// <summary>Probabilities are clamped here before the log so a confident miss costs about 16, not infinity.</summary>
    public const float MinProbability = 1e-7f;

    /// <summary>Cross-entropy of the actual class: -ln(max(p_actual, 1e-7)).</summary>
    // Written as 0 - ln so that p = 1 gives +0, which prints as "0.00" rather than "-0.00".
    public float Loss => 0f - MathF.Log(MathF.Max(ActualProbability, MinProbability));

    /// <summary>The probability the model gave to the actual class.</summary>
    public float ActualProbability => Probabilities[Actual];

    /// <summary>The probability the model gave to the class it predicted.</summary>
    public float PredictedProbability => Probabilities[Predicted];

    public bool IsCorrect => Actual == Predicted;
}
