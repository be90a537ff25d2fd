using Fewshot.Evaluation;

namespace Fewshot.Training;

/// <summary>One row of the per-epoch table.</summary>
public sealed record EpochResult(int Stage, int Epoch, int Epochs, double TrainLoss, double ValidLoss, Proportion Accuracy, TimeSpan Elapsed)
{
    public double ErrorRate => 1 - Accuracy.Value;
}

/// <summary>Progress inside an epoch, for progress bars.</summary>
public readonly record struct BatchProgress(int Epoch, int Batch, int Batches, double Loss);

/// <summary>The optimiser's hyper-parameters just after a step: what the schedule actually set.</summary>
public readonly record struct StepRecord(int Step, IReadOnlyList<double> LearningRates, IReadOnlyList<double> Beta1);

/// <summary>The outcome of one <c>FitOneCycle</c> call.</summary>
public sealed record StageResult(int Stage, IReadOnlyList<EpochResult> Epochs, TimeSpan Elapsed, bool Cancelled)
{
    public EpochResult? Last => Epochs.Count > 0 ? Epochs[^1] : null;

    /// <summary>AdamW's state (moments, step counts) when the stage was cancelled, for a resume checkpoint; else null.</summary>
    public byte[]? OptimizerState { get; init; }
}

/// <summary>Where a fine-tuning run is: the stage (1 frozen, 2 unfrozen), its epochs done, and AdamW's state inside it.</summary>
public sealed record TrainingPosition(int Stage, int EpochsDone, byte[]? OptimizerState = null)
{
    public static TrainingPosition Start { get; } = new(1, 0);
}
