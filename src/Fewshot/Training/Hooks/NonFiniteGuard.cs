namespace Fewshot.Training;

/// <summary>
/// Stops training with a message when the loss or the weights stop being numbers (fastai's TerminateOnNaN), so NaN
/// weights are never saved.
/// </summary>
public sealed class NonFiniteGuard : TrainingHook
{
    public override void AfterStep(TrainingRun run, TrainingBatch batch, double loss)
    {
        if (!double.IsFinite(loss))
            throw new FewshotException($"The training loss became {loss} at epoch {run.Epoch + 1}, batch {run.Batch}. " +
                                       "The learning rate is probably too high: try a lower --lr (e.g. a tenth).");
    }

    // A finite last training loss does not prove the weights it stepped to are: NaN weights give a NaN validation loss
    // (an infinite one can be honest: a confident mistake).
    public override void AfterEpoch(TrainingRun run, EpochResult result)
    {
        if (double.IsNaN(result.ValidLoss) && result.Accuracy.Total > 0)
            throw new FewshotException($"The weights became NaN at epoch {result.Epoch} (the validation loss is NaN). " +
                                       "The learning rate is probably too high: try a lower --lr (e.g. a tenth).");
    }
}
