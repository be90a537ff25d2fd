using Fewshot.Data;
using Fewshot.Models;
using Fewshot.Runtime;

namespace Fewshot.Training;

/// <summary>
/// Pooled body features of a fixed number of augmented views of every training photo, and of the
/// un-augmented validation photos, computed once while the body is frozen with fixed batch-norm.
/// Epoch e trains on view e mod V, so every epoch still sees each photo once, augmented.
/// </summary>
public sealed class FeatureCache
{
    /// <summary>Keys augmentation of cached views apart from the epoch keys of ordinary training.</summary>
    const int ViewKeyBase = 1 << 20;

    public IReadOnlyList<FeatureSet> TrainViews { get; }
    public FeatureSet Valid { get; }

    FeatureCache(IReadOnlyList<FeatureSet> trainViews, FeatureSet valid)
    {
        TrainViews = trainViews;
        Valid = valid;
    }

    public FeatureSet TrainView(int epoch) => TrainViews[epoch % TrainViews.Count];

    /// <returns>The features, or null when <paramref name="cancel"/> stopped the computation before it was complete.</returns>
    public static FeatureCache? Compute(ClassifierNetwork model, ImageData data, int views, int seed,
        Action<int, int>? progress, CancellationToken cancel, Precision precision = Precision.Fp32)
    {
        using var body = BodyFeatures.CopyOf(model.body, precision.Resolve(data.Options.Size));
        return Compute(body, data, views, progress, cancel);
    }

    /// <inheritdoc cref="Compute(ClassifierNetwork, ImageData, int, int, Action{int, int}?, CancellationToken, Precision)"/>
    public static FeatureCache? Compute(BodyFeatures body, ImageData data, int views, Action<int, int>? progress, CancellationToken cancel)
    {
        int total = views * data.Train.Count + data.Valid.Count, done = 0;
        void Report(int n) => progress?.Invoke(done += n, total);
        var trainViews = new List<FeatureSet>();
        for (int v = 0; v < views && !cancel.IsCancellationRequested; v++)
            trainViews.Add(Embed(body, data.TrainViewBatches(ViewKeyBase + v, cancel), Report));
        if (cancel.IsCancellationRequested) return null;
        var valid = Embed(body, data.ValidBatches(), Report);
        return new FeatureCache(trainViews, valid);
    }

    static FeatureSet Embed(BodyFeatures body, IEnumerable<Batch> batches, Action<int> report)
    {
        var values = new List<float>();
        var labels = new List<long>();
        var items = new List<int>();
        int dimension = 0;
        foreach (var batch in batches)
        {
            values.AddRange(body.Embed(batch.Pixels, batch.Count, batch.Size));
            dimension = body.Dimension;
            labels.AddRange(batch.Labels);
            items.AddRange(batch.ItemIndices);
            report(batch.Count);
        }
        return new FeatureSet(values.ToArray(), dimension, labels.ToArray(), items.ToArray());
    }
}
