using Fewshot.Faces;
using Fewshot.Imaging;
using SkiaSharp;

namespace Fewshot.People;

/// <summary>Writes a copy of a photo with the face box and the predicted label drawn on it.</summary>
public static class FaceDrawing
{
    static readonly SKColor Known = new(0x10, 0xA0, 0x30);
    static readonly SKColor Unknown = new(0xD0, 0x20, 0x20);

    /// <summary>Saves a JPEG (or PNG when <paramref name="path"/> ends in .png). No face: the label goes top-left.</summary>
    public static void Save(RgbImage image, FaceBox? face, string label, bool isUnknown, string path)
    {
        using var bitmap = image.ToBitmap();

        using var canvas = new SKCanvas(bitmap);
        var colour = isUnknown ? Unknown : Known;
        float stroke = Math.Max(2, Math.Min(image.Width, image.Height) / 150f);
        using var paint = new SKPaint { IsAntialias = true, Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = stroke };
        var box = face is { } f ? SKRect.Create(f.X, f.Y, f.Width, f.Height) : SKRect.Create(0, 0, 0, 0);
        if (face is not null) canvas.DrawRect(box, paint);

        using var font = new SKFont(Evaluation.CaptionFont.Typeface, Math.Max(12, Math.Min(image.Width, image.Height) / 20f))
            { Edging = SKFontEdging.Antialias };
        float textWidth = font.MeasureText(label), textHeight = font.Size * 1.25f;
        float left = Math.Clamp(box.Left, 0, Math.Max(0, image.Width - textWidth - 4));
        float top = face is null ? 0 : box.Top - textHeight >= 0 ? box.Top - textHeight : Math.Min(box.Bottom, image.Height - textHeight);
        paint.Style = SKPaintStyle.Fill;
        canvas.DrawRect(SKRect.Create(left, top, textWidth + 4, textHeight), paint);
        paint.Color = SKColors.White;
        canvas.DrawText(label, left + 2, top + font.Size, SKTextAlign.Left, font, paint);

        var format = path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = bitmap.Encode(format, 90)
            ?? throw new FewshotException($"Could not encode the annotated copy of a photo for '{path}'.");
        Export.AtomicFile.Write(path, stream => data.SaveTo(stream));
    }
}
