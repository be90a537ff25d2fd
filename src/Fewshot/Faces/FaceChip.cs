namespace Fewshot.Faces;

/// <summary>
/// A face cut out much as dlib's recognition network (which face-api ports) was trained to see it: a square with the
/// eyes level, its size and position fixed relative to the eyes, so that every face reaches the network at the same
/// scale and pose. face-api itself feeds the landmarks' bounding box instead; the chip scored better in
/// cross-validation on full-scene photos (bench/README.md, "People mode").
/// </summary>
public static class FaceChip
{
    // Placed from the eyes alone, close to dlib's 150-pixel chip with 0.25 padding (its 68-point template gives
    // 1.42 and 0.54). Chips from 2.4 to 4.0 eye distances wide scored the same within noise (bench/README.md).
    /// <summary>Half the chip's side per eye distance: the chip is about 2.9 eye distances wide.</summary>
    public const float HalfSidePerEyeDistance = 1.445f;
    /// <summary>How far below the midpoint of the eyes the chip's centre lies, per eye distance.</summary>
    public const float CentreBelowEyesPerEyeDistance = 0.524f;

    /// <summary>Eye centres closer than this (pixels) give no usable scale or angle.</summary>
    const float MinEyeDistance = 2;

    /// <summary>
    /// The chip for 68 landmarks in the iBUG order (36–41 the eye on the image's left, 42–47 the other), or null
    /// when the eyes coincide.
    /// </summary>
    public static RotatedSquare? Locate(IReadOnlyList<FacePoint> landmarks)
    {
        if (landmarks.Count != 68) throw new ArgumentException($"expected 68 landmarks, got {landmarks.Count}", nameof(landmarks));
        var (leftX, leftY) = Mean(landmarks, 36);
        var (rightX, rightY) = Mean(landmarks, 42);
        float dx = rightX - leftX, dy = rightY - leftY, distance = MathF.Sqrt(dx * dx + dy * dy);
        if (!(distance >= MinEyeDistance)) return null;
        // (−dy, dx) is the eye line turned a quarter clockwise on screen: from the eyes towards the mouth.
        float centreX = (leftX + rightX) / 2 - CentreBelowEyesPerEyeDistance * dy;
        float centreY = (leftY + rightY) / 2 + CentreBelowEyesPerEyeDistance * dx;
        return new RotatedSquare(centreX, centreY, 2 * HalfSidePerEyeDistance * distance, MathF.Atan2(dy, dx));
    }

    /// <summary>
    /// The square's contents turned upright, sampled bilinearly at about one pixel per photo pixel, black outside
    /// the photo; row-major RGB bytes. The recognition network then resizes it as it resizes any crop, so the chip
    /// differs from face-api's landmark box only in where it is cut (measured: resampling straight to the network's
    /// input size, with or without averaging, did no better in cross-validation).
    /// </summary>
    public static (byte[] Rgb, int Width, int Height) Extract(byte[] rgb, int width, int height, RotatedSquare square)
    {
        if (rgb.Length < width * height * 3)
            throw new ArgumentException($"expected {width}×{height} RGB bytes, got {rgb.Length}", nameof(rgb));
        int size = Math.Clamp((int)MathF.Round(square.Side), 1, MaxSide);
        float step = square.Side / size, cos = MathF.Cos(square.Angle), sin = MathF.Sin(square.Angle);
        var chip = new byte[size * size * 3];
        for (int v = 0; v < size; v++)
            for (int u = 0; u < size; u++)
            {
                float dx = (u + 0.5f) * step - square.Side / 2, dy = (v + 0.5f) * step - square.Side / 2;
                float sx = square.CentreX + cos * dx - sin * dy - 0.5f, sy = square.CentreY + sin * dx + cos * dy - 0.5f;
                int x0 = (int)MathF.Floor(sx), y0 = (int)MathF.Floor(sy);
                float fx = sx - x0, fy = sy - y0;
                int target = (v * size + u) * 3;
                for (int c = 0; c < 3; c++)
                {
                    float top = (1 - fx) * Pixel(x0, y0, c) + fx * Pixel(x0 + 1, y0, c);
                    float bottom = (1 - fx) * Pixel(x0, y0 + 1, c) + fx * Pixel(x0 + 1, y0 + 1, c);
                    chip[target + c] = (byte)Math.Clamp(MathF.Round((1 - fy) * top + fy * bottom), 0, 255);
                }
            }
        return (chip, size, size);

        float Pixel(int x, int y, int c) => (uint)x < (uint)width && (uint)y < (uint)height ? rgb[(y * width + x) * 3 + c] : 0;
    }

    /// <summary>Photos are decoded at 800 pixels on their short side, so a chip is rarely near this.</summary>
    const int MaxSide = 4096;

    static (float X, float Y) Mean(IReadOnlyList<FacePoint> points, int start)
    {
        float x = 0, y = 0;
        for (int i = start; i < start + 6; i++) (x, y) = (x + points[i].X, y + points[i].Y);
        return (x / 6, y / 6);
    }
}
