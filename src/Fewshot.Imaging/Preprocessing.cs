namespace Fewshot.Imaging;

/// <summary>
/// How pixels become a model's input: planar (CHW) floats in the model's channel order,
/// value = (pixel - Mean[c]) / Std[c] with Mean and Std in 0..255 units, listed in the model's channel order.
/// </summary>
public sealed record Preprocessing(ChannelOrder Order, float[] Mean, float[] Std)
{
    /// <summary>torchvision's ImageNet normalisation, RGB order.</summary>
    public static Preprocessing ImageNetRgb { get; } =
        new(ChannelOrder.Rgb, [0.485f * 255, 0.456f * 255, 0.406f * 255], [0.229f * 255, 0.224f * 255, 0.225f * 255]);

    /// <summary>Writes image into destination (length 3·H·W) as three planes in the model's channel order.</summary>
    public void WriteChw(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Mean is not { Length: 3 } || Std is not { Length: 3 })
            throw new InvalidOperationException("Preprocessing needs exactly three Mean and three Std values");
        var planeLength = image.Width * image.Height;
        if (destination.Length != 3 * planeLength)
            throw new ArgumentException(
                $"destination holds {destination.Length} floats; a {image.Width}×{image.Height} image needs {3 * planeLength}",
                nameof(destination));

        // A 256-entry table per plane: exact (p - mean) / std, and no division in the pixel loop.
        Span<float> table = stackalloc float[3 * 256];
        for (var plane = 0; plane < 3; plane++)
        {
            var mean = Mean[plane];
            var std = Std[plane];
            if (!(std != 0 && float.IsFinite(std) && float.IsFinite(mean)))
                throw new InvalidOperationException($"Preprocessing Std[{plane}]={std}, Mean[{plane}]={mean} is not usable");
            for (var value = 0; value < 256; value++) table[plane * 256 + value] = (value - mean) / std;
        }

        // Plane k takes source channel k (RGB) or 2 - k (BGR).
        var firstChannel = Order == ChannelOrder.Bgr ? 2 : 0;
        var thirdChannel = 2 - firstChannel;
        var first = destination[..planeLength];
        var second = destination.Slice(planeLength, planeLength);
        var third = destination.Slice(2 * planeLength, planeLength);
        ReadOnlySpan<float> firstTable = table[..256];
        ReadOnlySpan<float> secondTable = table.Slice(256, 256);
        ReadOnlySpan<float> thirdTable = table.Slice(512, 256);
        ReadOnlySpan<byte> pixels = image.Pixels.AsSpan(0, 3 * planeLength);
        for (int i = 0, p = 0; i < first.Length; i++, p += 3)
        {
            var pixel = pixels.Slice(p, 3);
            first[i] = firstTable[pixel[firstChannel]];
            second[i] = secondTable[pixel[1]];
            third[i] = thirdTable[pixel[thirdChannel]];
        }
    }
}
