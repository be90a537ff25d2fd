namespace Fewshot.Imaging;

/// <summary>Deterministic resizing to a square, the same geometry <see cref="Augmenter"/> uses without augmentation.</summary>
public static class ImageResizer
{
    /// <summary>A size×size image: Crop = short side to size, centre kept; Squish = stretched; Pad = fitted, centred, black bars.</summary>
    public static RgbImage Resize(RgbImage source, int size, ResizeMethod method) =>
        ViewRenderer.Render(source, size, method, Matrix3.Identity);

    /// <summary><see cref="Resize"/>, except that an image already size×size is returned as it is (resizing would copy it).</summary>
    public static RgbImage Fit(RgbImage source, int size, ResizeMethod method) =>
        source.Width == size && source.Height == size ? source : Resize(source, size, method);
}
