using SkiaSharp;

namespace Fewshot.Evaluation;

/// <summary>
/// The typeface for captions drawn directly with SkiaSharp. The Linux "NoDependencies" Skia build has no
/// fontconfig, so a family name may resolve to an empty typeface that draws nothing; this falls back to
/// known font files. Debian's fonts-dejavu-core provides the first of them.
/// </summary>
static class CaptionFont
{
    static readonly string[] Families = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];

    static readonly string[] Files =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/Library/Fonts/Arial.ttf",
        "/System/Library/Fonts/Helvetica.ttc",
        @"C:\Windows\Fonts\arial.ttf",
    ];

    static readonly Lazy<(SKTypeface Typeface, string? File)> Resolved = new(Resolve);

    static readonly Lazy<string?> ScottPlotFamily = new(RegisterWithScottPlot);

    /// <summary>A typeface that has glyphs for Latin text; SKTypeface.Default if nothing better is found.</summary>
    public static SKTypeface Typeface => Resolved.Value.Typeface;

    /// <summary>
    /// Makes a ScottPlot plot use the caption font. ScottPlot's own choice of "sans" falls back to whatever
    /// Skia lists first (DejaVu Serif on Debian), and it cannot see a font that was only found as a file.
    /// </summary>
    public static void ApplyTo(ScottPlot.Plot plot)
    {
        if (ScottPlotFamily.Value is { } family) plot.Font.Set(family);
    }

    /// <summary>Whether captions will actually show text (false means no usable font is installed).</summary>
    public static bool CanRenderText => HasLatinGlyphs(Typeface);

    static (SKTypeface, string?) Resolve()
    {
        foreach (var family in Families)
        {
            var typeface = SKFontManager.Default.MatchFamily(family);
            if (HasLatinGlyphs(typeface)) return (typeface!, null);
        }
        foreach (var file in Files.Where(File.Exists))
        {
            var typeface = SKTypeface.FromFile(file);
            if (HasLatinGlyphs(typeface)) return (typeface!, file);
        }
        return (SKTypeface.Default, null);
    }

    static string? RegisterWithScottPlot()
    {
        var (typeface, file) = Resolved.Value;
        if (!HasLatinGlyphs(typeface)) return null;
        if (file is not null) ScottPlot.Fonts.AddFontFile(typeface.FamilyName, file, bold: false, italic: false);
        return typeface.FamilyName;
    }

    static bool HasLatinGlyphs(SKTypeface? typeface)
    {
        if (typeface is null || typeface.GlyphCount == 0) return false;
        using var font = new SKFont(typeface);
        return font.ContainsGlyphs("Aa0/");
    }
}
