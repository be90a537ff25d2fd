namespace Fewshot.Evaluation;

/// <summary>
/// One class's row of a classification report. Support is the number of photos whose actual class
/// this is. Precision (recall) is 0 when the class was never predicted (never present), as in scikit-learn.
/// </summary>
public sealed record ClassMetrics(string Class, int Support, double Precision, double Recall, double F1);
