namespace Fewshot.Training;

/// <summary>What the body's batch-norm layers do while the body is frozen.</summary>
public enum BatchNormMode
{
    /// <summary>Trainable, with running statistics updated (fastai's <c>train_bn=True</c>).</summary>
    Train,
    /// <summary>
    /// Statistics fixed at ImageNet's in both stages (eval mode); the affine weights train only once unfrozen.
    /// The frozen body is then a pure function, so the frozen stage trains the head on cached features, and
    /// unfreezing does not swap running statistics for batch statistics under a head fitted to the former.
    /// </summary>
    Frozen,
}
