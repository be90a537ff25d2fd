using SkiaSharp;

namespace Fewshot.Evaluation;

/// <summary>Draws captioned images in a grid with SkiaSharp and saves it as a PNG.</summary>
static class ImageGrid
{
    public sealed record Tile(SKBitmap? Image, string Caption, bool Highlight);

    const int Cell = 200;
    const int Padding = 10;
    const int CaptionHeight = 22;
    const int TitleHeight = 34;
    const float CaptionSize = 14;
    const float MinCaptionSize = 8;

    static readonly SKColor Background = SKColors.White;
    static readonly SKColor Placeholder = new(0xE0, 0xE0, 0xE0);
    static readonly SKColor Text = new(0x20, 0x20, 0x20);
    static readonly SKColor HighlightText = new(0xC0, 0x10, 0x10);

    public static void Save(IReadOnlyList<Tile> tiles, string path, int columns, string? title)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (tiles.Count == 0) tiles = [new Tile(null, "(no images)", false)];

        var cols = Math.Min(columns, tiles.Count);
        var rows = (tiles.Count + cols - 1) / cols;
        var top = title is null ? 0 : TitleHeight;
        var tileHeight = Cell + CaptionHeight;
        var width = Padding + cols * (Cell + Padding);
        var height = top + Padding + rows * (tileHeight + Padding);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}×{height} surface");
        var canvas = surface.Canvas;
        canvas.Clear(Background);

        using var paint = new SKPaint { IsAntialias = true };
        if (title is not null)
        {
            using var titleFont = new SKFont(CaptionFont.Typeface, 18) { Edging = SKFontEdging.Antialias };
            paint.Color = Text;
            canvas.DrawText(title, width / 2f, TitleHeight - 10, SKTextAlign.Center, titleFont, paint);
        }

        for (var i = 0; i < tiles.Count; i++)
        {
            var x = Padding + i % cols * (Cell + Padding);
            var y = top + Padding + i / cols * (tileHeight + Padding);
            DrawImage(canvas, tiles[i].Image, SKRect.Create(x, y, Cell, Cell));
            paint.Color = tiles[i].Highlight ? HighlightText : Text;
            DrawCaption(canvas, paint, tiles[i].Caption, x + Cell / 2f, y + Cell + CaptionHeight - 6);
        }

        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the grid as PNG");
        AtomicFile.Write(path, png.SaveTo);
    }

    static void DrawImage(SKCanvas canvas, SKBitmap? bitmap, SKRect cell)
    {
        if (bitmap is null || bitmap.Width == 0 || bitmap.Height == 0)
        {
            using var fill = new SKPaint { Color = Placeholder };
            canvas.DrawRect(cell, fill);
            return;
        }
        // Fit inside the cell keeping the aspect ratio, so no photo is distorted or cropped; sit it on the
        // caption so a wide photo's caption does not float far below it.
        var scale = Math.Min(cell.Width / bitmap.Width, cell.Height / bitmap.Height);
        var w = bitmap.Width * scale;
        var h = bitmap.Height * scale;
        var target = SKRect.Create(cell.MidX - w / 2, cell.Bottom - h, w, h);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    static void DrawCaption(SKCanvas canvas, SKPaint paint, string caption, float centreX, float baseline)
    {
        using var font = new SKFont(CaptionFont.Typeface, CaptionSize) { Edging = SKFontEdging.Antialias };
        // Long class names shrink the text to fit the tile; past the minimum size they are cut with an ellipsis.
        while (font.MeasureText(caption) > Cell && font.Size > MinCaptionSize) font.Size -= 0.5f;
        var text = caption;
        while (text.Length > 1 && font.MeasureText(text) > Cell) text = text[..^2] + "…";
        canvas.DrawText(text, centreX, baseline, SKTextAlign.Center, font, paint);
    }
}
