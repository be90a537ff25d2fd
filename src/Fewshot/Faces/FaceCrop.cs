namespace Fewshot.Faces;

/// <summary>Cuts a detected face out of an image for the recognition network.</summary>
public static class FaceCrop
{
    /// <summary>
    /// The box grown by <paramref name="margin"/> of its size on every side, clipped to the image and
    /// snapped outwards to whole pixels, as row-major RGB bytes.
    /// </summary>
    public static (byte[] Rgb, int Width, int Height) Extract(byte[] rgb, int width, int height, FaceBox box,
        float margin = 0.1f)
    {
        if (rgb.Length < width * height * 3)
            throw new ArgumentException($"expected {width}×{height} RGB bytes, got {rgb.Length}", nameof(rgb));
        var grown = new FaceBox(box.Score, box.X - margin * box.Width, box.Y - margin * box.Height,
            box.Width * (1 + 2 * margin), box.Height * (1 + 2 * margin)).ClipTo(width, height);
        var left = (int)Math.Floor(grown.X);
        var top = (int)Math.Floor(grown.Y);
        var cropWidth = Math.Max(1, Math.Min(width, (int)Math.Ceiling(grown.Right)) - left);
        var cropHeight = Math.Max(1, Math.Min(height, (int)Math.Ceiling(grown.Bottom)) - top);
        left = Math.Min(left, width - cropWidth);
        top = Math.Min(top, height - cropHeight);

        var crop = new byte[cropWidth * cropHeight * 3];
        for (var y = 0; y < cropHeight; y++)
            Array.Copy(rgb, ((top + y) * width + left) * 3, crop, y * cropWidth * 3, cropWidth * 3);
        return (crop, cropWidth, cropHeight);
    }
}
