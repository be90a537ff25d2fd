namespace Fewshot.Evaluation.CrossValidation;

/// <summary>
/// A way to train a classifier that cross-validation can compare with others on the same folds.
/// Register new ones in <see cref="CrossValidationRecipes"/>.
/// </summary>
public interface ICrossValidationRecipe
{
    string Name { get; }
    string Description { get; }

    /// <summary>Whether the recipe trains on <see cref="CrossValidationContext.Features"/> (cheap) rather than photos.</summary>
    bool UsesFrozenFeatures { get; }

    /// <summary>
    /// Trains on the photos at <paramref name="trainRows"/> of <see cref="CrossValidationContext.Items"/> and returns the
    /// class probabilities of the photos at <paramref name="testRows"/> (row-major, testRows.Count × classes).
    /// </summary>
    float[] FitPredict(CrossValidationContext context, IReadOnlyList<int> trainRows, IReadOnlyList<int> testRows, int seed,
        CancellationToken cancel);

    /// <summary>How long one fold will take, measured cheaply (e.g. a timed batch), or null when negligible.</summary>
    TimeSpan? EstimateFold(CrossValidationContext context, int trainCount, int testCount) => null;
}
