using Fewshot.Cluster.Contracts;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.People;

namespace Fewshot.Cluster.Worker;

/// <summary>A model a worker has loaded, ready to score chunks of photos as `fewshot predict` would.</summary>
abstract class LoadedModel : IDisposable
{
    public abstract ModelSummary Summary { get; }

    /// <summary>One result per file, in order; throws <see cref="OperationCanceledException"/> between photos or batches when cancelled.</summary>
    public abstract IEnumerable<ScoredPhoto> Score(IReadOnlyList<string> files, CancellationToken cancel);

    public abstract void Dispose();
}

/// <summary>A whole-image classifier (.fewshot on TorchSharp, .onnx on ONNX Runtime), scored in batches by <see cref="BatchScorer"/>.</summary>
sealed class ImageModel(IImageClassifier classifier, BatchScoringOptions options) : LoadedModel
{
    public override ModelSummary Summary { get; } = new(People: false, [.. classifier.Classes]);

    public override IEnumerable<ScoredPhoto> Score(IReadOnlyList<string> files, CancellationToken cancel) =>
        new BatchScorer(classifier, options).Score(files, cancel).Select((scored, k) => new ScoredPhoto(k, scored.Prediction, null, scored.Error));

    public override void Dispose() => classifier.Dispose();
}

/// <summary>A people model: each photo's face (or every face) found and named, one photo at a time.</summary>
sealed class PeopleModel(PeoplePredictor predictor, DecodeOptions decode, bool everyFace) : LoadedModel
{
    public override ModelSummary Summary { get; } = new(People: true, [.. predictor.Classes]);

    public override IEnumerable<ScoredPhoto> Score(IReadOnlyList<string> files, CancellationToken cancel)
    {
        for (int k = 0; k < files.Count; k++)
        {
            cancel.ThrowIfCancellationRequested();
            RgbImage? image = null;
            string? error = null;
            try { image = ImageLoader.Load(files[k], predictor.Spec.DecodeMinSide, decode); }
            catch (ImageLoadException e) { error = e.Message; }
            if (image is null) { yield return new ScoredPhoto(k, null, null, error); continue; }
            PersonPrediction[] answers = everyFace ? [.. predictor.PredictEveryFace(image, files[k])] : [predictor.Predict(image, files[k])];
            yield return new ScoredPhoto(k, null, answers, null);
        }
    }

    public override void Dispose() => predictor.Dispose();
}
