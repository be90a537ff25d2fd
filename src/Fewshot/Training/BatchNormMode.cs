namespace Fewshot.Training;

/// <summary>What the body's batch-norm layers do while the body is frozen.</summary>
public enum BatchNormMode
{
    /// <summary>Trainable, with running statistics updated (fastai's <c>train_bn=True</c>).</summary>
    Train,
    /// <summary>Fixed: ImageNet statistics and affine weights kept.</summary>
    Frozen,
}
