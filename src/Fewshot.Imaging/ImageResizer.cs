namespace Fewshot.Imaging;

/// <summary>Deterministic resizing to a square, the same geometry <see cref="Augmenter"/> uses without augmentation.</summary>
public static class ImageResizer
{
    /// <summary>A size×size image: Crop = short side to size, centre kept; Squish = stretched; Pad = fitted, centred, black bars.</summary>
    public static RgbImage Resize(RgbImage source, int size, ResizeMethod method) =>
        ViewRenderer.Render(source, size, method, Matrix3.Identity);
}
