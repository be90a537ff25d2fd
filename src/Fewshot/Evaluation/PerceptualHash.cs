using System.Numerics;
using Fewshot.Imaging;

namespace Fewshot.Evaluation;

/// <summary>
/// The DCT perceptual hash (pHash): 64 bits saying which low-frequency components of a 32×32 grey thumbnail
/// are above their median. Resizing, re-encoding and mild colour changes flip few bits; different photos
/// differ in about half of them.
/// </summary>
public static class PerceptualHash
{
    const int Side = 32;
    const int Low = 8;

    static readonly double[,] Cosines = BuildCosines();

    public static ulong Compute(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var grey = GreyThumbnail(image);
        // Separable 2-D DCT-II, keeping only the 8×8 lowest frequencies.
        var rows = new double[Side, Low];
        for (int y = 0; y < Side; y++)
            for (int u = 0; u < Low; u++)
            {
                double sum = 0;
                for (int x = 0; x < Side; x++) sum += grey[y, x] * Cosines[u, x];
                rows[y, u] = sum;
            }
        var coefficients = new double[Low * Low];
        for (int v = 0; v < Low; v++)
            for (int u = 0; u < Low; u++)
            {
                double sum = 0;
                for (int y = 0; y < Side; y++) sum += rows[y, u] * Cosines[v, y];
                coefficients[v * Low + u] = sum;
            }
        // The DC term (overall brightness) would dominate the median, so it is left out of it.
        var median = coefficients.Skip(1).Order().ElementAt((Low * Low - 1) / 2);
        ulong hash = 0;
        for (int i = 0; i < coefficients.Length; i++)
            if (coefficients[i] > median) hash |= 1UL << i;
        return hash;
    }

    /// <summary>Number of differing bits (0 to 64).</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>1 − distance/64: 1 for identical hashes, about 0.5 for unrelated photos.</summary>
    public static double Similarity(ulong a, ulong b) => 1 - Distance(a, b) / 64.0;

    // Area average of the whole image into 32×32 luma cells (aspect ratio ignored, as pHash does).
    static double[,] GreyThumbnail(RgbImage image)
    {
        var sum = new double[Side, Side];
        var count = new int[Side, Side];
        var pixels = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            int cy = (int)((long)y * Side / image.Height);
            for (int x = 0; x < image.Width; x++)
            {
                int cx = (int)((long)x * Side / image.Width);
                int i = 3 * (y * image.Width + x);
                sum[cy, cx] += 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
                count[cy, cx]++;
            }
        }
        // Images smaller than 32 px leave some cells empty: fill them from the nearest source pixel instead.
        for (int cy = 0; cy < Side; cy++)
            for (int cx = 0; cx < Side; cx++)
                if (count[cy, cx] == 0)
                {
                    int x = Math.Min(image.Width - 1, cx * image.Width / Side), y = Math.Min(image.Height - 1, cy * image.Height / Side);
                    int i = 3 * (y * image.Width + x);
                    sum[cy, cx] = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
                    count[cy, cx] = 1;
                }
        var grey = new double[Side, Side];
        for (int cy = 0; cy < Side; cy++)
            for (int cx = 0; cx < Side; cx++) grey[cy, cx] = sum[cy, cx] / count[cy, cx];
        return grey;
    }

    static double[,] BuildCosines()
    {
        var c = new double[Low, Side];
        for (int u = 0; u < Low; u++)
            for (int x = 0; x < Side; x++) c[u, x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * Side));
        return c;
    }
}
