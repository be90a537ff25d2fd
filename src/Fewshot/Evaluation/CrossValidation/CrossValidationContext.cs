using Fewshot.Data;
using Fewshot.Models;

namespace Fewshot.Evaluation.CrossValidation;

/// <summary>The pooled labelled photos being cross-validated and what recipes share between folds.</summary>
public sealed class CrossValidationContext(ImageData data, BackboneInfo backbone, int featureViews, Action<int, int>? featureProgress = null)
{
    FrozenFeatures? _features;

    /// <summary>All readable labelled photos (train and valid pooled), as <see cref="Data"/>'s training list.</summary>
    public IReadOnlyList<LabelledImage> Items => Data.Train;
    public IReadOnlyList<string> Classes => Data.Classes;
    public ImageData Data { get; } = data;
    public BackboneInfo Backbone { get; } = backbone;
    public int FeatureViews { get; } = featureViews;

    /// <summary>The frozen body's features of every photo, computed on first use and shared by all folds and recipes.</summary>
    public FrozenFeatures Features(CancellationToken cancel = default) =>
        _features ??= FrozenFeatures.Compute(Data, Backbone, FeatureViews, Data.Options.Seed, featureProgress, cancel);

    /// <summary>An ImageData whose training list is <paramref name="trainRows"/> and validation list <paramref name="testRows"/>.</summary>
    public ImageData Subset(IReadOnlyList<int> trainRows, IReadOnlyList<int> testRows) =>
        new(new DatasetSplit(Classes, trainRows.Select(r => Items[r]).ToList(), testRows.Select(r => Items[r]).ToList(), []),
            Data.Options, Data.Preprocessing, Data.Root);
}
