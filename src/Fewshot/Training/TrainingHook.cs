namespace Fewshot.Training;

/// <summary>
/// Code that runs at fixed points of the one training loop (<see cref="TrainingLoop"/>): fastai's callbacks. The
/// one-cycle schedule, the learning-rate finder, recording, bf16 mixed precision, checkpoints and interruption are hooks;
/// the loop itself only steps through the batches and validates.
/// </summary>
public abstract class TrainingHook
{
    /// <summary>Before the first step; the optimiser exists.</summary>
    public virtual void BeforeFit(TrainingRun run) { }
    /// <summary>Before each step: set the optimiser's hyper-parameters, prepare the module the step runs on.</summary>
    public virtual void BeforeStep(TrainingRun run) { }
    /// <summary>Between the backward pass and the optimiser's update.</summary>
    public virtual void AfterBackward(TrainingRun run) { }
    /// <summary>After each step, with its training loss; <see cref="TrainingRun.Batch"/> counts this batch.</summary>
    public virtual void AfterStep(TrainingRun run, TrainingBatch batch, double loss) { }
    /// <summary>After an epoch's last batch, before it is validated.</summary>
    public virtual void AfterBatches(TrainingRun run) { }
    /// <summary>After an epoch was validated (not called for an epoch that was stopped).</summary>
    public virtual void AfterEpoch(TrainingRun run, EpochResult result) { }
    /// <summary>After the stage, stopped or not (not called when a step or a hook threw).</summary>
    public virtual void AfterFit(StageResult result) { }
}
