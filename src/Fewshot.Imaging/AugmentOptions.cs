namespace Fewshot.Imaging;

/// <summary>fastai v1 <c>get_transforms()</c> parameters, with its defaults.</summary>
/// <param name="Flip">Mirror left-right with probability 0.5.</param>
/// <param name="MaxRotate">Rotation in degrees, uniform in ±MaxRotate.</param>
/// <param name="MaxZoom">Zoom factor, uniform in 1..MaxZoom, with a random centre that keeps the view inside.</param>
/// <param name="MaxLighting">Brightness and contrast strength, in [0, 1).</param>
/// <param name="MaxWarp">Perspective warp: each corner moves uniformly within ±MaxWarp (in half-image units).</param>
/// <param name="AffineProbability">Probability of each of rotate, zoom and warp, independently.</param>
/// <param name="LightingProbability">Probability of each of brightness and contrast, independently.</param>
public sealed record AugmentOptions(
    bool Flip = true,
    float MaxRotate = 10f,
    float MaxZoom = 1.1f,
    float MaxLighting = 0.2f,
    float MaxWarp = 0.2f,
    float AffineProbability = 0.75f,
    float LightingProbability = 0.75f)
{
    public static AugmentOptions Default { get; } = new();

    /// <summary>No augmentation at all: RandomView then equals <see cref="ImageResizer.Resize"/>.</summary>
    public static AugmentOptions None { get; } = new(false, 0, 1, 0, 0, 0, 0);

    internal void Validate()
    {
        Check(float.IsFinite(MaxRotate) && MaxRotate >= 0, nameof(MaxRotate), MaxRotate, "a finite number of degrees ≥ 0");
        Check(float.IsFinite(MaxZoom) && MaxZoom >= 1, nameof(MaxZoom), MaxZoom, "≥ 1");
        Check(MaxLighting is >= 0 and < 1, nameof(MaxLighting), MaxLighting, "in [0, 1)");
        Check(MaxWarp is >= 0 and < 1, nameof(MaxWarp), MaxWarp, "in [0, 1)");
        Check(AffineProbability is >= 0 and <= 1, nameof(AffineProbability), AffineProbability, "in [0, 1]");
        Check(LightingProbability is >= 0 and <= 1, nameof(LightingProbability), LightingProbability, "in [0, 1]");
    }

    static void Check(bool ok, string name, float value, string expected)
    {
        if (!ok) throw new ArgumentException($"AugmentOptions.{name} must be {expected}; got {value}");
    }
}
