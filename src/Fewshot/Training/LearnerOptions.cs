namespace Fewshot.Training;

/// <summary>Optimiser constants, as fastai v1 sets them, and how the body's batch-norm and precision behave.</summary>
public sealed record LearnerOptions
{
    public double WeightDecay { get; init; } = 0.01;
    public double Beta2 { get; init; } = 0.99;
    public double Eps { get; init; } = 1e-5;
    public double PctStart { get; init; } = 0.3;
    public double DivFactor { get; init; } = 25;
    public double FinalDiv { get; init; } = 1e4;
    public BatchNormMode BatchNorm { get; init; } = BatchNormMode.Frozen;
    public int Seed { get; init; }
    /// <summary>
    /// Augmented views per training photo whose body features are cached when the body is frozen with fixed
    /// batch-norm (0 turns the cache off). Four views let ten frozen epochs see each photo under 4 different
    /// augmentations for 4 body passes instead of 10 forward-and-backward passes; the head's dropout adds the rest.
    /// </summary>
    public int CachedViews { get; init; } = 4;
    /// <summary>Precision of frozen-body passes (cached features, validation) and of unfrozen training's working copy.</summary>
    public Runtime.Precision Precision { get; init; } = Runtime.Precision.Auto;
}
