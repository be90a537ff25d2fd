namespace Fewshot.Training;

/// <summary>
/// Leslie Smith's one-cycle policy as fastai v1 runs it: the learning rate rises from lr_max/div to lr_max
/// over the first <see cref="PctStart"/> of the steps and falls to lr_max/div/finalDiv, both with cosine
/// annealing; β1 (momentum) moves the opposite way, 0.95 → 0.85 → 0.95.
/// </summary>
public sealed record OneCycleSchedule(
    int TotalSteps,
    double PctStart = 0.3,
    double DivFactor = 25,
    double FinalDiv = 1e4,
    double MomentumHigh = 0.95,
    double MomentumLow = 0.85)
{
    /// <summary>Multiplier of lr_max at <paramref name="step"/> (0-based).</summary>
    public double LearningRateFactor(int step)
    {
        var (warmup, position) = Phase(step);
        return warmup
            ? Cosine(1 / DivFactor, 1, position)
            : Cosine(1, 1 / DivFactor / FinalDiv, position);
    }

    public double Momentum(int step)
    {
        var (warmup, position) = Phase(step);
        return warmup
            ? Cosine(MomentumHigh, MomentumLow, position)
            : Cosine(MomentumLow, MomentumHigh, position);
    }

    (bool Warmup, double Position) Phase(int step)
    {
        double fraction = (double)step / TotalSteps;
        return fraction < PctStart
            ? (true, fraction / PctStart)
            : (false, (fraction - PctStart) / (1 - PctStart));
    }

    static double Cosine(double start, double end, double position) =>
        end + (start - end) / 2 * (1 + Math.Cos(Math.PI * position));
}
