using SkiaSharp;

namespace Fewshot.Tests.Evaluation.Honest;

/// <summary>A dataset folder built by a test in a temporary directory (real photos copied there, deleted afterwards).</summary>
sealed class TempDataset : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("fewshot-honest-").FullName;

    public string Copy(string source, string split, string cls, string? name = null)
    {
        var target = Path.Combine(Root, split, cls, name ?? Path.GetFileName(source));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target);
        return target;
    }

    /// <summary>Writes a copy of <paramref name="source"/> scaled by <paramref name="scale"/> and re-encoded as JPEG at quality 70.</summary>
    public string ResizedCopy(string source, string split, string cls, double scale, string name)
    {
        using var original = SKBitmap.Decode(source);
        var info = new SKImageInfo((int)(original.Width * scale), (int)(original.Height * scale));
        using var resized = original.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return Write(resized, split, cls, name, SKEncodedImageFormat.Jpeg, 70);
    }

    /// <summary>A small PNG of random-ish colour blocks (an icon).</summary>
    public string Icon(string split, string cls, string name, int side)
    {
        using var bitmap = new SKBitmap(side, side);
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / side), (byte)(y * 255 / side), 128));
        return Write(bitmap, split, cls, name, SKEncodedImageFormat.Png, 100);
    }

    string Write(SKBitmap bitmap, string split, string cls, string name, SKEncodedImageFormat format, int quality)
    {
        var target = Path.Combine(Root, split, cls, name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        using var file = File.Create(target);
        data.SaveTo(file);
        return target;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
