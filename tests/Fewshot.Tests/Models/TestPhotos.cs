using Fewshot.Imaging;
using Fewshot.Tests.Support;
using SkiaSharp;

namespace Fewshot.Tests.Models;

/// <summary>Real photos decoded and resized with SkiaSharp directly, independent of Fewshot.Imaging's pipeline.</summary>
internal static class TestPhotos
{
    /// <summary>The first photo of each class of the bears validation split (skips when the shared data is absent).</summary>
    public static IReadOnlyList<string> Bears() =>
        Directory.GetDirectories(Path.Combine(SharedData.Dataset("bears"), "valid")).Order()
            .Select(dir => Directory.GetFiles(dir).Order().First())
            .ToArray();

    /// <summary>Planar 3×height×width pixels 0–255 in the given channel order.</summary>
    public static float[] Planar(string path, int width, int height, ChannelOrder order)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidOperationException("cannot decode " + path);
        using var resized = decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        var rgba = resized.GetPixelSpan();
        var plane = width * height;
        var result = new float[3 * plane];
        for (var i = 0; i < plane; i++)
            for (var c = 0; c < 3; c++)
            {
                var source = order == ChannelOrder.Rgb ? c : 2 - c;
                result[c * plane + i] = rgba[4 * i + source];
            }
        return result;
    }

    /// <summary>(pixel − mean[c]) / std[c], in place.</summary>
    public static float[] Normalise(float[] planar, Preprocessing preprocessing)
    {
        var plane = planar.Length / 3;
        for (var i = 0; i < planar.Length; i++)
            planar[i] = (planar[i] - preprocessing.Mean[i / plane]) / preprocessing.Std[i / plane];
        return planar;
    }
}
