using Fewshot.Data;
using Fewshot.Training;

namespace Fewshot.Evaluation.CrossValidation;

/// <summary>One recipe's out-of-fold results: every photo predicted by a model that never saw it.</summary>
public sealed record RecipeOutcome(string Recipe, string Description, IReadOnlyList<IReadOnlyList<PredictionRecord>> Repeats,
    IReadOnlyList<string> Classes, TimeSpan Elapsed)
{
    /// <summary>Accuracy of each repeat (each counts every photo once).</summary>
    public IReadOnlyList<Proportion> RepeatAccuracies => Repeats.Select(r => new Proportion(r.Count(p => p.IsCorrect), r.Count)).ToList();

    /// <summary>Mean accuracy over repeats.</summary>
    public double MeanAccuracy => RepeatAccuracies.Average(p => p.Value);

    /// <summary>
    /// Correct photos out of all photos: with repeats, the mean correct count rounded, so every photo counts once
    /// and the interval is not made narrower by re-using the same photos.
    /// </summary>
    public Proportion Accuracy => new((int)Math.Round(RepeatAccuracies.Average(p => (double)p.Successes)), Repeats[0].Count);

    /// <summary>Out-of-fold confusion matrix, summed over repeats.</summary>
    public ConfusionMatrix Matrix => new(Classes, Repeats.SelectMany(r => r).Select(p => p.Actual).ToList(),
        Repeats.SelectMany(r => r).Select(p => p.Predicted).ToList());

    /// <summary>Per photo, whether a majority of repeats predicted it correctly (for paired tests).</summary>
    public IReadOnlyList<bool> MajorityCorrect =>
        Enumerable.Range(0, Repeats[0].Count).Select(i => 2 * Repeats.Count(r => r[i].IsCorrect) > Repeats.Count).ToList();

    /// <summary>
    /// Photos ranked by mean out-of-fold loss, highest first: the likeliest mislabels (or the hardest photos).
    /// Each record averages the repeats' probabilities.
    /// </summary>
    public IReadOnlyList<PredictionRecord> ByLoss()
    {
        var mean = Enumerable.Range(0, Repeats[0].Count).Select(i =>
        {
            var first = Repeats[0][i];
            var probabilities = new float[Classes.Count];
            foreach (var repeat in Repeats)
                for (int c = 0; c < probabilities.Length; c++) probabilities[c] += repeat[i].Probabilities[c] / Repeats.Count;
            int predicted = 0;
            for (int c = 1; c < probabilities.Length; c++) if (probabilities[c] > probabilities[predicted]) predicted = c;
            return first with { Predicted = predicted, Probabilities = probabilities };
        });
        return TopLosses.Rank(mean, int.MaxValue);
    }
}

/// <summary>McNemar's test between two recipes on the same photos and folds.</summary>
public sealed record RecipeComparison(string A, string B, int OnlyA, int OnlyB, double PValue)
{
    public bool Significant => PValue < 0.05;
}

public sealed record CrossValidationResult(IReadOnlyList<LabelledImage> Items, IReadOnlyList<string> Classes, int Folds,
    IReadOnlyList<int[]> FoldAssignments, IReadOnlyList<RecipeOutcome> Outcomes, IReadOnlyList<RecipeComparison> Comparisons);
