using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>
/// Trains a <see cref="PeopleHead"/> on cached features: logistic regression (on a few dozen faces per person it beats
/// SGD for a fixed number of epochs; bench/README.md, "People mode") or the shared one-cycle loop.
/// </summary>
public static class HeadTrainer
{
    /// <summary>
    /// Fits the head as <see cref="PeopleOptions.Classifier"/> says: with a <paramref name="penalty"/> the logistic
    /// head (one result row, scored by <paramref name="validate"/> once), without one the one-cycle loop.
    /// </summary>
    public static StageResult Fit(PeopleHead head, FeatureSet train, int classCount, PeopleOptions options, double? penalty,
        Func<ValidationReport>? validate = null, Action<EpochResult>? epochEnded = null, CancellationToken cancel = default)
    {
        if (penalty is not { } lambda) return Train(head, train, options, validate, epochEnded, cancel);
        cancel.ThrowIfCancellationRequested();
        RequireTwoPhotos(train);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = LogisticRegression.Fit(train.Values, train.Dimension, train.Labels, classCount, lambda);
        head.SetLinear(model);
        double loss = model.Loss;
        var report = validate?.Invoke() ?? ValidationReport.None;
        var row = new EpochResult(1, 1, 1, loss, report.Loss, report.Accuracy, clock.Elapsed);
        epochEnded?.Invoke(row);
        return new StageResult(1, [row], clock.Elapsed, false);
    }

    /// <param name="validate">Scores the head after each epoch; null skips validation (cross-validation folds).</param>
    public static StageResult Train(PeopleHead head, FeatureSet train, PeopleOptions options,
        Func<ValidationReport>? validate = null, Action<EpochResult>? epochEnded = null, CancellationToken cancel = default)
    {
        RequireTwoPhotos(train);
        int batchSize = Math.Min(options.BatchSize, train.Count), batches = FeatureSet.BatchCount(train.Count, batchSize);
        var plan = new FitPlan(1, options.Epochs, batches, [head.parameters().ToList()],
            epoch => train.ShuffledBatches(batchSize, options.Seed, epoch), head, () => head.train())
        {
            Validate = validate ?? (() => ValidationReport.None),
        };
        var events = new LearnerEvents();
        if (epochEnded is not null) events.EpochEnded += epochEnded;
        return TrainingLoop.Fit(plan, options.Learner, [new OneCycleScheduler(LearningRates.Constant(options.LearningRate), plan, options.Learner),
            new NonFiniteGuard(), events, new Interruption(cancel)]);
    }

    static void RequireTwoPhotos(FeatureSet train)
    {
        if (train.Count < 2)
            throw new FewshotException("People mode needs at least two training photos with usable features; " +
                                       "add photos or use --no-face whole.");
    }

    /// <summary>A freshly initialised head, seeded so a run is reproducible.</summary>
    public static PeopleHead NewHead(int inputs, int classCount, int seed)
    {
        manual_seed(seed);
        return new PeopleHead(inputs, classCount);
    }
}
