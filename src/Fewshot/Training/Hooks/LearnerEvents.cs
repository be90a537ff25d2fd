namespace Fewshot.Training;

/// <summary>
/// A run's events (batches, steps, epochs), raised from the loop for progress bars, tables and recorders: the learner's,
/// and people mode's head's.
/// </summary>
sealed class LearnerEvents : TrainingHook
{
    public event Action<EpochResult>? EpochEnded;
    public event Action<BatchProgress>? BatchEnded;
    public event Action<StepRecord>? Stepped;

    public override void AfterStep(TrainingRun run, TrainingBatch batch, double loss)
    {
        Stepped?.Invoke(run.Hyperparameters());
        BatchEnded?.Invoke(new BatchProgress(run.Epoch, run.Batch, run.Plan.BatchesPerEpoch, loss));
    }

    public override void AfterEpoch(TrainingRun run, EpochResult result) => EpochEnded?.Invoke(result);
}
