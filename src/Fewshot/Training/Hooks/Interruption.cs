namespace Fewshot.Training;

/// <summary>
/// Stops the fit after the current batch once <paramref name="cancel"/> is set (Ctrl-C, SIGTERM), marking it interrupted
/// so its optimiser state is kept for a resume checkpoint. Between epochs the batch source yields nothing once cancelled.
/// </summary>
public sealed class Interruption(CancellationToken cancel) : TrainingHook
{
    public override void AfterStep(TrainingRun run, TrainingBatch batch, double loss) => Check(run);

    public override void AfterBatches(TrainingRun run) => Check(run);

    void Check(TrainingRun run)
    {
        if (cancel.IsCancellationRequested) run.Stop(cancelled: true);
    }
}
