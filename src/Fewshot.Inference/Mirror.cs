using Fewshot.Imaging;

namespace Fewshot.Inference;

public static class Mirror
{
    /// <summary>The image flipped left to right.</summary>
    public static RgbImage LeftRight(RgbImage image)
    {
        var pixels = new byte[image.Pixels.Length];
        int rowBytes = image.Width * 3;
        for (int y = 0; y < image.Height; y++)
        {
            var source = image.Pixels.AsSpan(y * rowBytes, rowBytes);
            var target = pixels.AsSpan(y * rowBytes, rowBytes);
            for (int x = 0, back = rowBytes - 3; x < rowBytes; x += 3, back -= 3)
                source.Slice(x, 3).CopyTo(target.Slice(back, 3));
        }
        return new RgbImage(image.Width, image.Height, pixels);
    }
}
