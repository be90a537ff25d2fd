namespace Fewshot.Faces;

/// <summary>
/// face-api's input preparation: zero-pad an RGB image to a square, resize it bilinearly the old
/// TensorFlow way (source = dest × in / out, no half-pixel offset, no antialiasing), then
/// (x − mean) / 255, written as CHW floats. The padding is never materialised.
/// </summary>
public static class SquareInput
{
    /// <summary>Where the image sits inside its padded square.</summary>
    public readonly record struct Placement(int Side, int Top, int Left);

    /// <summary>
    /// Centred padding puts JS Math.round(diff / 2) after the image and the rest before it (an odd
    /// pixel lands bottom/right); otherwise all of it goes bottom/right.
    /// </summary>
    public static Placement Place(int width, int height, bool centred)
    {
        var side = Math.Max(width, height);
        var diff = side - Math.Min(width, height);
        var before = centred ? diff - (int)Math.Round(diff / 2.0, MidpointRounding.AwayFromZero) : 0;
        return width < height ? new Placement(side, 0, before) : new Placement(side, before, 0);
    }

    public static void Fill(Span<float> chw, byte[] rgb, int width, int height, int size, bool centred,
        ReadOnlySpan<float> meanRgb)
    {
        if (width <= 0 || height <= 0 || rgb.Length < width * height * 3)
            throw new ArgumentException($"expected {width}×{height} RGB bytes, got {rgb.Length}");
        if (chw.Length != 3 * size * size) throw new ArgumentException("destination must hold 3×size×size");

        var (side, top, left) = Place(width, height, centred);
        var ratio = (double)side / size;
        var plane = size * size;
        // Source offsets into the image, or -1 where the sample falls in the zero padding.
        var cols = new (int Lo, int Hi, double Frac)[size];
        for (var x = 0; x < size; x++) cols[x] = Source(x, ratio, side, left, width, stride: 3);

        for (var y = 0; y < size; y++)
        {
            var (rowLo, rowHi, rowFrac) = Source(y, ratio, side, top, height, stride: width * 3);
            for (var x = 0; x < size; x++)
            {
                var (colLo, colHi, colFrac) = cols[x];
                for (var c = 0; c < 3; c++)
                {
                    var topLeft = Pixel(rgb, rowLo, colLo, c);
                    var upper = topLeft + (Pixel(rgb, rowLo, colHi, c) - topLeft) * colFrac;
                    var bottomLeft = Pixel(rgb, rowHi, colLo, c);
                    var lower = bottomLeft + (Pixel(rgb, rowHi, colHi, c) - bottomLeft) * colFrac;
                    var value = (float)(upper + (lower - upper) * rowFrac);
                    chw[c * plane + y * size + x] = (value - meanRgb[c]) / 255f;
                }
            }
        }
    }

    static double Pixel(byte[] rgb, int rowOffset, int colOffset, int channel) =>
        rowOffset < 0 || colOffset < 0 ? 0 : rgb[rowOffset + colOffset + channel];

    /// <summary>The two padded-square samples around dest × ratio, as byte offsets into the image.</summary>
    static (int Lo, int Hi, double Frac) Source(int dest, double ratio, int side, int padBefore, int extent, int stride)
    {
        var source = dest * ratio;
        var lo = (int)Math.Floor(source);
        var hi = Math.Min(side - 1, (int)Math.Ceiling(source));
        return (Offset(lo - padBefore, extent, stride), Offset(hi - padBefore, extent, stride), source - lo);
    }

    static int Offset(int index, int extent, int stride) => index < 0 || index >= extent ? -1 : index * stride;
}
