using Fewshot.Data;
using Fewshot.People;
using Fewshot.Training;
using Fewshot.Web.Contract;

namespace Fewshot.Web.Training;

/// <summary>
/// Turns an image training's progress into the job's events (features, batches, epochs), each with the whole run's
/// progress, and keeps the loss curve and the time the features took for the results.
/// </summary>
public sealed class ImageTrainingReport
{
    /// <summary>A fine-tuning step passes each photo forward and back through the body: about three forward passes.</summary>
    const double FineTuneCost = 3;
    /// <summary>A step of the head alone, on features computed once, costs next to nothing.</summary>
    const double HeadCost = 0.05;

    readonly TrainingJob _job;
    readonly TrainingPhase _features, _frozen, _unfrozen;
    readonly TrainingProgress _progress;
    readonly double _frozenEpoch, _unfrozenSteps, _unfrozenEpoch;
    readonly string _featuresText;
    int _step;

    public LossCurveRecorder Curve { get; } = new();
    public double? FeatureSeconds => _features.Done > 0 ? _features.Seconds : null;

    public ImageTrainingReport(TrainingJob job, ImageData data, RecipeOptions options)
    {
        _job = job;
        int views = options.Learner.CachedViews, stepPhotos = Math.Max(1, data.TrainBatchCount) * data.Options.BatchSize;
        _frozenEpoch = stepPhotos * HeadCost;
        _unfrozenSteps = stepPhotos * FineTuneCost;
        _unfrozenEpoch = _unfrozenSteps + data.Valid.Count;
        _features = new TrainingPhase(views * data.Train.Count + data.Valid.Count);
        _frozen = new TrainingPhase(options.FrozenEpochs * _frozenEpoch);
        _unfrozen = new TrainingPhase(options.UnfrozenEpochs * _unfrozenEpoch);
        _progress = new TrainingProgress(_features, _frozen, _unfrozen);
        _featuresText = $"{views} augmented views of each of the {data.Train.Count} photos to train on, then the {data.Valid.Count} held-out photos";
    }

    public void Observe(Learner learner)
    {
        learner.FeaturesProgress += (done, total) =>
        {
            _features.Work = total;
            _job.Add(new FeaturesEvent(done, total, $"Computing the frozen body's features once: {done}/{total} ({_featuresText})",
                _progress.Advance(_features, done), _features.Seconds));
        };
        learner.BatchEnded += b =>
        {
            int stage = learner.IsFrozen ? 1 : 2;
            double within = (double)b.Batch / Math.Max(1, b.Batches);
            var progress = stage == 1
                ? _progress.Advance(_frozen, (b.Epoch + within) * _frozenEpoch)
                : _progress.Advance(_unfrozen, b.Epoch * _unfrozenEpoch + within * _unfrozenSteps);
            var loss = EpochView.Finite(b.Loss);
            Curve.Batch(++_step, stage, loss);
            _job.Add(new BatchEvent(stage, b.Epoch + 1, b.Batch, b.Batches, loss, _step, progress));
        };
        learner.EpochEnded += e =>
        {
            var progress = e.Stage == 1 ? _progress.Advance(_frozen, e.Epoch * _frozenEpoch) : _progress.Advance(_unfrozen, e.Epoch * _unfrozenEpoch);
            var row = EpochView.From(e);
            Curve.Epoch(_step, row.ValidLoss);
            _job.Add(new EpochEvent(row, _step, progress));
            if (e.Stage == 1 && e.Epoch == e.Epochs && _unfrozen.Work > 0 && !_job.Cancellation.IsCancellationRequested)
                _job.Status("Fine-tuning everything (body unfrozen)…");
        };
    }
}

/// <summary>
/// Turns a people training's progress into the job's events: finding and embedding the faces of every photo (most of
/// the time), then choosing the features by cross-validation and fitting the head, reported as one row.
/// </summary>
public sealed class PeopleTrainingReport
{
    /// <summary>Choosing the features and fitting the head, as a share of the work of finding the faces.</summary>
    const double FitShare = 0.25;

    readonly TrainingPhase _faces, _fit;
    readonly TrainingProgress _progress;

    public PeopleProgress Progress { get; }
    public LossCurveRecorder Curve { get; } = new();
    public double? FeatureSeconds => _faces.Done > 0 ? _faces.Seconds : null;

    public PeopleTrainingReport(TrainingJob job, DatasetSplit split)
    {
        _faces = new TrainingPhase(split.Train.Count + split.Valid.Count);
        _fit = new TrainingPhase(FitShare * _faces.Work);
        _progress = new TrainingProgress(_faces, _fit);
        var photos = $"{split.Train.Count} to train on, {split.Valid.Count} held out to check with";
        Progress = new PeopleProgress
        {
            Features = (done, total) =>
            {
                _faces.Work = total;
                job.Add(new FeaturesEvent(done, total, $"Finding faces and computing their features: {done}/{total} photos ({photos})",
                    _progress.Advance(_faces, done), _faces.Seconds));
            },
            Chosen = choice => job.Status($"Training the head on {choice.Chosen.ToString().ToLowerInvariant()} features (chosen by cross-validation)…",
                _progress.Advance(_fit, _fit.Work / 2)),
            // One row for the fitted head: its number stands in for the batch step on the loss curve.
            EpochEnded = e =>
            {
                var row = EpochView.From(e);
                Curve.Epoch(1, row.ValidLoss);
                job.Add(new EpochEvent(row, 1, _progress.Advance(_fit, _fit.Work)));
            },
        };
    }
}
