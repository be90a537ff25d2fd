using SkiaSharp;

namespace Fewshot.Imaging;

/// <summary>
/// Renders a size×size view of an image in one resample: output pixels map to a normalised view square [-1, 1]²
/// through an augmentation transform, and the view square maps onto the source by the resize method.
/// </summary>
internal static class ViewRenderer
{
    // Bilinear, like fastai's grid_sample, and exact at pixel centres, so an identity view copies the image.
    // Skia's cubic sampling measured about 4× slower on this per-item, per-epoch path.
    static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);
    static readonly SKSamplingOptions Trilinear = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <param name="viewFromOutput">Maps normalised output coordinates to normalised view coordinates.</param>
    /// <param name="toneCurve">Optional 256-entry lookup applied to every output channel value.</param>
    public static RgbImage Render(RgbImage source, int size, ResizeMethod method, Matrix3 viewFromOutput, byte[]? toneCurve = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var outputToNormal = Matrix3.Affine(2.0 / size, 0, -1, 0, 2.0 / size, -1);
        var sourceFromOutput = SourceFromView(source.Width, source.Height, method) * viewFromOutput * outputToNormal;

        using var image = ToSkiaImage(source);
        using var shader = image.ToShader(
            method == ResizeMethod.Pad ? SKShaderTileMode.Decal : SKShaderTileMode.Mirror,
            method == ResizeMethod.Pad ? SKShaderTileMode.Decal : SKShaderTileMode.Mirror,
            SamplingFor(sourceFromOutput, size),
            sourceFromOutput.Inverse().ToSkia());
        using var target = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(target))
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawRect(0, 0, size, size, paint);
        }
        return ToRgb(target, toneCurve);
    }

    /// <summary>Maps the normalised view square [-1, 1]² to source pixel coordinates.</summary>
    static Matrix3 SourceFromView(int width, int height, ResizeMethod method)
    {
        var (halfWidth, halfHeight) = method switch
        {
            ResizeMethod.Squish => (width / 2.0, height / 2.0),
            ResizeMethod.Crop => (Math.Min(width, height) / 2.0, Math.Min(width, height) / 2.0),
            ResizeMethod.Pad => (Math.Max(width, height) / 2.0, Math.Max(width, height) / 2.0),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown resize method"),
        };
        return Matrix3.Affine(halfWidth, 0, width / 2.0, 0, halfHeight, height / 2.0);
    }

    /// <summary>
    /// Bilinear near 1:1 (sharp); trilinear mipmaps once a shrink of 1.5× or more would make bilinear alias.
    /// Callers should pre-shrink big photos with <see cref="ImageLoader"/>'s minSide, so this is rarely needed.
    /// </summary>
    static SKSamplingOptions SamplingFor(Matrix3 sourceFromOutput, int size)
    {
        var (cx, cy) = sourceFromOutput.Apply(size / 2.0, size / 2.0);
        var (rx, ry) = sourceFromOutput.Apply(size / 2.0 + 1, size / 2.0);
        var (dx, dy) = sourceFromOutput.Apply(size / 2.0, size / 2.0 + 1);
        var shrink = Math.Max(Math.Sqrt(Sq(rx - cx) + Sq(ry - cy)), Math.Sqrt(Sq(dx - cx) + Sq(dy - cy)));
        return shrink >= 1.5 ? Trilinear : Bilinear;
    }

    static double Sq(double v) => v * v;

    static SKImage ToSkiaImage(RgbImage source)
    {
        using var bitmap = source.ToBitmap();
        bitmap.SetImmutable();
        return SKImage.FromBitmap(bitmap) ?? throw new InvalidOperationException("Skia could not wrap the bitmap");
    }

    static RgbImage ToRgb(SKBitmap target, byte[]? toneCurve)
    {
        var (width, height) = (target.Width, target.Height);
        ReadOnlySpan<byte> rgba = target.GetPixelSpan();
        var pixels = GC.AllocateUninitializedArray<byte>(width * height * 3);
        for (var y = 0; y < height; y++)
        {
            var from = rgba.Slice(y * target.RowBytes, width * 4);
            var to = pixels.AsSpan(y * width * 3, width * 3);
            for (int s = 0, t = 0; t < to.Length; s += 4, t += 3)
            {
                to[t] = from[s];
                to[t + 1] = from[s + 1];
                to[t + 2] = from[s + 2];
            }
        }
        if (toneCurve is not null)
            for (var i = 0; i < pixels.Length; i++) pixels[i] = toneCurve[pixels[i]];
        return new RgbImage(width, height, pixels);
    }
}
