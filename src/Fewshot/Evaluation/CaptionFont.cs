using SkiaSharp;

namespace Fewshot.Evaluation;

/// <summary>
/// The one typeface of every picture Fewshot draws, ScottPlot's plots and the Skia grids alike: DejaVu Sans, embedded
/// in this assembly (licence: Fonts/LICENSE-DejaVu.txt). No installed font is looked for, so labels are the same on
/// every machine, including containers without fonts and the Linux Skia build that has no fontconfig.
/// </summary>
static class CaptionFont
{
    public const string Family = "DejaVu Sans";
    public const string ResourceName = "Fewshot.Fonts.DejaVuSans.ttf";

    static readonly Lazy<SKTypeface> Embedded = new(Load);

    static readonly Lazy<bool> ScottPlotResolver = new(() =>
    {
        ScottPlot.Fonts.FontResolvers.Add(new Resolver());
        return true;
    });

    public static SKTypeface Typeface => Embedded.Value;

    /// <summary>Makes a ScottPlot plot draw all its text in the embedded font.</summary>
    public static void ApplyTo(ScottPlot.Plot plot)
    {
        _ = ScottPlotResolver.Value;
        plot.Font.Set(Family);
    }

    /// <summary>Whether captions show text: the embedded font has the glyphs of Latin text.</summary>
    public static bool CanRenderText
    {
        get
        {
            using var font = new SKFont(Typeface);
            return font.ContainsGlyphs("Aa0/");
        }
    }

    static SKTypeface Load()
    {
        using var stream = typeof(CaptionFont).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"the embedded font {ResourceName} is missing from the build");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"the embedded font {ResourceName} cannot be read");
    }

    /// <summary>Answers ScottPlot's requests for <see cref="Family"/> (any weight or slant) with the embedded typeface.</summary>
    sealed class Resolver : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? Typeface : null;

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            fontName == Family ? Typeface : null;
    }
}
