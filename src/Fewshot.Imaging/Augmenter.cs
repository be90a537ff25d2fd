namespace Fewshot.Imaging;

/// <summary>
/// Random training views with fastai v1 <c>get_transforms()</c> semantics, rendered in a single resample
/// (reflection padding outside the image, except black for <see cref="ResizeMethod.Pad"/>).
/// Thread-safe; the result depends only on the arguments.
/// </summary>
public static class Augmenter
{
    public static RgbImage RandomView(RgbImage source, int size, ResizeMethod method, AugmentOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var draw = AugmentDraw.Sample(options, seed);
        return ViewRenderer.Render(source, size, method, draw.ViewFromOutput(), draw.ToneCurve());
    }
}
