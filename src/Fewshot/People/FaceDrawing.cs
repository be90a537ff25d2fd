using Fewshot.Faces;
using Fewshot.Imaging;
using SkiaSharp;

namespace Fewshot.People;

/// <summary>A label to draw: over its face's box, or in the top-left corner when there is no box.</summary>
public readonly record struct FaceLabel(FaceBox? Box, string Text, bool IsUnknown);

/// <summary>Writes a copy of a photo with each face's box and label drawn on it.</summary>
public static class FaceDrawing
{
    static readonly SKColor Known = new(0x10, 0xA0, 0x30);
    static readonly SKColor Unknown = new(0xD0, 0x20, 0x20);

    /// <summary>Saves a JPEG (or PNG when <paramref name="path"/> ends in .png). No face: the label goes top-left.</summary>
    public static void Save(RgbImage image, FaceBox? face, string label, bool isUnknown, string path) =>
        Save(image, [new FaceLabel(face, label, isUnknown)], path);

    /// <summary>Saves a JPEG (or PNG when <paramref name="path"/> ends in .png) with every label drawn.</summary>
    public static void Save(RgbImage image, IReadOnlyList<FaceLabel> labels, string path)
    {
        using var bitmap = image.ToBitmap();
        using var canvas = new SKCanvas(bitmap);
        float stroke = Math.Max(2, Math.Min(image.Width, image.Height) / 150f);
        using var font = new SKFont(Evaluation.CaptionFont.Typeface, Math.Max(12, Math.Min(image.Width, image.Height) / 20f))
            { Edging = SKFontEdging.Antialias };
        foreach (var label in labels) Draw(canvas, image, label, stroke, font);

        var format = path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = bitmap.Encode(format, 90)
            ?? throw new FewshotException($"Could not encode the annotated copy of a photo for '{path}'.");
        AtomicFile.Write(path, stream => data.SaveTo(stream));
    }

    static void Draw(SKCanvas canvas, RgbImage image, FaceLabel label, float stroke, SKFont font)
    {
        using var paint = new SKPaint
        {
            IsAntialias = true, Color = label.IsUnknown ? Unknown : Known, Style = SKPaintStyle.Stroke, StrokeWidth = stroke,
        };
        var box = label.Box is { } f ? SKRect.Create(f.X, f.Y, f.Width, f.Height) : SKRect.Create(0, 0, 0, 0);
        if (label.Box is not null) canvas.DrawRect(box, paint);
        float textWidth = font.MeasureText(label.Text), textHeight = font.Size * 1.25f;
        float left = Math.Clamp(box.Left, 0, Math.Max(0, image.Width - textWidth - 4));
        float top = label.Box is null ? 0 : box.Top - textHeight >= 0 ? box.Top - textHeight : Math.Min(box.Bottom, image.Height - textHeight);
        paint.Style = SKPaintStyle.Fill;
        canvas.DrawRect(SKRect.Create(left, top, textWidth + 4, textHeight), paint);
        paint.Color = SKColors.White;
        canvas.DrawText(label.Text, left + 2, top + font.Size, SKTextAlign.Left, font, paint);
    }
}
