using Fewshot.Training;

namespace Fewshot.Evaluation.CrossValidation;

/// <summary>
/// Logistic regression on the frozen body's pooled features: trained on each training photo's plain and
/// augmented-view features, tested on the held-out photos' plain features.
/// </summary>
public sealed class FrozenLogisticRecipe : ICrossValidationRecipe
{
    /// <summary>
    /// λ of <see cref="LogisticRegression"/>, one of people mode's candidates. scikit-learn's C=1 (λ = 1/N, N counting
    /// the views) scored within noise of it on bears and hymenoptera (bench/README.md) but ran out of iterations
    /// short of the optimum.
    /// </summary>
    public const double Penalty = 1;

    public string Name => "frozen";
    public string Description => "logistic regression on frozen pretrained features (plain + augmented views)";
    public bool UsesFrozenFeatures => true;

    public float[] FitPredict(CrossValidationContext context, IReadOnlyList<int> trainRows, IReadOnlyList<int> testRows, int seed,
        CancellationToken cancel)
    {
        var features = context.Features(cancel);
        int d = features.Plain.Dimension;
        var sets = new[] { features.Plain }.Concat(features.Views).ToList();
        var x = new float[sets.Count * trainRows.Count * d];
        var y = new long[sets.Count * trainRows.Count];
        int row = 0;
        foreach (var set in sets)
            foreach (var r in trainRows)
            {
                set.Values.AsSpan(r * d, d).CopyTo(x.AsSpan(row * d, d));
                y[row++] = set.Labels[r];
            }
        var model = LogisticRegression.Fit(x, d, y, context.Classes.Count, Penalty);
        var test = new float[testRows.Count * d];
        for (int k = 0; k < testRows.Count; k++) features.Plain.Values.AsSpan(testRows[k] * d, d).CopyTo(test.AsSpan(k * d, d));
        return model.PredictProbabilities(test, testRows.Count);
    }
}
