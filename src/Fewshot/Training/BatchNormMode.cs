namespace Fewshot.Training;

/// <summary>What the body's batch-norm layers do.</summary>
public enum BatchNormMode
{
    /// <summary>
    /// Statistics fixed at ImageNet's in both stages (eval mode); the affine weights train only once unfrozen (the
    /// default). The frozen body is then a pure function, so the frozen stage trains the head on cached features, and
    /// unfreezing does not swap running statistics for batch statistics under a head fitted to the former. Measured
    /// against <see cref="Train"/> in bench/README.md: as accurate or better, and the frozen stage takes seconds.
    /// </summary>
    Frozen,
    /// <summary>Trainable in both stages, with running statistics updated (fastai's <c>train_bn=True</c>).</summary>
    Train,
}
