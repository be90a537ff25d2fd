using Fewshot.Evaluation;

namespace Fewshot.Training;

/// <summary>Validation loss, accuracy with its counts, and every photo's prediction.</summary>
public sealed record ValidationReport(double Loss, Proportion Accuracy, IReadOnlyList<PredictionRecord> Predictions)
{
    /// <summary>No photos scored: NaN loss, 0 of 0 right (a stage run without validation).</summary>
    public static ValidationReport None => new(double.NaN, new Proportion(0, 0), []);

    /// <summary>Builds the report from row-major N×C probabilities.</summary>
    public static ValidationReport From(double meanLoss, float[] probabilities, IReadOnlyList<long> labels,
        IReadOnlyList<string> paths, int classCount)
    {
        var records = new List<PredictionRecord>(labels.Count);
        int correct = 0;
        for (int k = 0; k < labels.Count; k++)
        {
            var p = probabilities.AsSpan(k * classCount, classCount).ToArray();
            int predicted = 0;
            for (int c = 1; c < classCount; c++) if (p[c] > p[predicted]) predicted = c;
            if (predicted == labels[k]) correct++;
            records.Add(new PredictionRecord(paths[k], (int)labels[k], predicted, p));
        }
        return new ValidationReport(meanLoss, new Proportion(correct, labels.Count), records);
    }
}
