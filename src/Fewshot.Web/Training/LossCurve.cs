namespace Fewshot.Web.Training;

/// <summary>
/// The loss curve as the page draws it, kept with the results so it outlives the training: the training loss of each
/// batch and the validation loss of each epoch, at the batch step they were measured.
/// </summary>
/// <param name="UnfrozenAt">The first step of the unfrozen stage, if it ran.</param>
public sealed record LossCurve(IReadOnlyList<double[]> Train, IReadOnlyList<double[]> Valid, int? UnfrozenAt);

/// <summary>Collects a <see cref="LossCurve"/> from a training's events.</summary>
public sealed class LossCurveRecorder
{
    readonly List<double[]> _train = [];
    readonly List<double[]> _valid = [];
    readonly Lock _lock = new();
    int? _unfrozenAt;

    public void Batch(int step, int stage, double? loss)
    {
        lock (_lock)
        {
            if (stage == 2) _unfrozenAt ??= step;
            if (loss is { } value) _train.Add([step, value]);
        }
    }

    public void Epoch(int step, double? validLoss)
    {
        lock (_lock)
            if (validLoss is { } value) _valid.Add([step, value]);
    }

    public LossCurve Curve
    {
        get { lock (_lock) return new LossCurve(_train.ToList(), _valid.ToList(), _unfrozenAt); }
    }
}
