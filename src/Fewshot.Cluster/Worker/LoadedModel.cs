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

    public override IEnumerable<ScoredPhoto> Score(IReadOnlyList<string> files, CancellationToken cancel) =>
        predictor.Score(files, decode, everyFace, cancel).Select((scored, k) => new ScoredPhoto(k, null, scored.Answers?.ToArray(), scored.Error));

    public override void Dispose() => predictor.Dispose();
}
