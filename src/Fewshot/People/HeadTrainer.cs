using Fewshot.Evaluation;
using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>Trains a <see cref="PeopleHead"/> on cached features with the shared one-cycle loop.</summary>
public static class HeadTrainer
{
    /// <param name="validate">Scores the head after each epoch; null skips validation (cross-validation folds).</param>
    public static StageResult Train(PeopleHead head, FeatureSet train, PeopleOptions options,
        Func<ValidationReport>? validate = null, Action<EpochResult>? epochEnded = null, CancellationToken cancel = default)
    {
        if (train.Count < 2)
            throw new FewshotException("People mode needs at least two training photos with usable features; " +
                                       "add photos or use --no-face whole.");
        var loop = new OneCycleLoop(options.Learner);
        if (epochEnded is not null) loop.EpochEnded += epochEnded;
        int batchSize = Math.Min(options.BatchSize, train.Count);
        return loop.Run(1, options.Epochs, 0, FeatureSet.BatchCount(train.Count, batchSize), [head.parameters().ToList()],
            LearningRates.Constant(options.LearningRate),
            epoch => train.ShuffledBatches(batchSize, options.Seed, epoch),
            head, () => head.train(), validate ?? (() => new ValidationReport(double.NaN, new Proportion(0, 0), [])), cancel);
    }

    /// <summary>A freshly initialised head, seeded so a run is reproducible.</summary>
    public static PeopleHead NewHead(int inputs, int classCount, int seed)
    {
        manual_seed(seed);
        return new PeopleHead(inputs, classCount);
    }
}
