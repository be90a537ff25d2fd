using System.Diagnostics;
using Fewshot.Data;
using Fewshot.Models;
using Fewshot.Training;

namespace Fewshot.Evaluation.CrossValidation;

public sealed record CrossValidationOptions
{
    public int Folds { get; init; } = 5;
    public int Repeats { get; init; } = 1;
    public int Seed { get; init; }
    /// <summary>Augmented views per photo whose frozen features feature-based recipes train on (besides the plain view).</summary>
    public int FeatureViews { get; init; } = 4;
}

/// <summary>
/// Stratified k-fold cross-validation over all labelled photos (train and valid pooled). Every recipe sees the
/// same folds, so their out-of-fold predictions are paired and can be compared with McNemar's test.
/// </summary>
public sealed class CrossValidator(CrossValidationOptions options)
{
    /// <summary>Before each recipe: its name and estimated total time (null when negligible or unknown).</summary>
    public event Action<ICrossValidationRecipe, TimeSpan?>? RecipeStarting;
    /// <summary>After each fold: recipe, repeat, fold, its accuracy.</summary>
    public event Action<ICrossValidationRecipe, int, int, Proportion>? FoldEnded;

    /// <summary>
    /// Pools the split's train and valid photos into one ImageData for cross-validation. They are its training list
    /// and (so that frozen features of the plain and augmented views come from one decode) its validation list too.
    /// </summary>
    public static ImageData Pool(DatasetSplit split, DataOptions dataOptions, BackboneInfo backbone, string? root = null)
    {
        var all = split.Train.Concat(split.Valid).ToList();
        return new(new DatasetSplit(split.Classes, all, all, split.Warnings), dataOptions, backbone.Preprocessing, root);
    }

    public CrossValidationResult Run(CrossValidationContext context, IReadOnlyList<ICrossValidationRecipe> recipes,
        CancellationToken cancel = default)
    {
        if (recipes.Count == 0) throw new FewshotException("Give at least one recipe to cross-validate.");
        var labels = context.Items.Select(i => i.Label).ToList();
        int smallest = Enumerable.Range(0, context.Classes.Count).Min(c => labels.Count(l => l == c));
        if (context.Items.Count < options.Folds || smallest < 2)
            throw new FewshotException($"{options.Folds}-fold cross-validation needs at least {options.Folds} photos and 2 per class; " +
                                       $"'{context.Data.Root}' has {context.Items.Count} (fewest in a class: {smallest}). Use fewer --folds or add photos.");
        var folds = new RepeatedFolds(labels, options.Folds, options.Repeats, r => options.Seed + 1000 * r);

        var outcomes = new List<RecipeOutcome>();
        foreach (var recipe in recipes)
        {
            var clock = Stopwatch.StartNew();
            int testPerFold = context.Items.Count / options.Folds;
            var perFold = recipe.EstimateFold(context, context.Items.Count - testPerFold, testPerFold);
            RecipeStarting?.Invoke(recipe, perFold * options.Folds * options.Repeats);
            var repeats = Enumerable.Range(0, options.Repeats).Select(_ => new PredictionRecord[context.Items.Count]).ToList();
            foreach (var (r, f, train, test) in folds.Splits())
            {
                cancel.ThrowIfCancellationRequested();
                var records = repeats[r];
                var probabilities = recipe.FitPredict(context, train, test, options.Seed + r, cancel);
                int n = context.Classes.Count;
                for (int k = 0; k < test.Count; k++)
                {
                    var p = probabilities.AsSpan(k * n, n).ToArray();
                    int predicted = 0;
                    for (int c = 1; c < n; c++) if (p[c] > p[predicted]) predicted = c;
                    var item = context.Items[test[k]];
                    records[test[k]] = new PredictionRecord(item.Path, item.Label, predicted, p);
                }
                FoldEnded?.Invoke(recipe, r, f, new Proportion(test.Count(t => records[t].IsCorrect), test.Count));
            }
            outcomes.Add(new RecipeOutcome(recipe.Name, recipe.Description, repeats, context.Classes, clock.Elapsed));
        }

        var comparisons = new List<RecipeComparison>();
        for (int a = 0; a < outcomes.Count; a++)
            for (int b = a + 1; b < outcomes.Count; b++)
            {
                var (onlyA, onlyB, p) = McNemar.Test(outcomes[a].MajorityCorrect, outcomes[b].MajorityCorrect);
                comparisons.Add(new RecipeComparison(outcomes[a].Recipe, outcomes[b].Recipe, onlyA, onlyB, p));
            }
        return new CrossValidationResult(context.Items, context.Classes, options.Folds, folds.Assignments, outcomes, comparisons);
    }
}
