using Fewshot.Faces;

namespace Fewshot.Tests.Faces;

public class FaceChipTests
{
    /// <summary>68 points, all at the origin except the two eyes (36–41 and 42–47), each a ring around its centre.</summary>
    static FacePoint[] Landmarks((float X, float Y) left, (float X, float Y) right)
    {
        var points = new FacePoint[68];
        for (int i = 0; i < 6; i++)
        {
            float dx = 3 * MathF.Cos(i * MathF.PI / 3), dy = 2 * MathF.Sin(i * MathF.PI / 3);
            points[36 + i] = new FacePoint(left.X + dx, left.Y + dy);
            points[42 + i] = new FacePoint(right.X + dx, right.Y + dy);
        }
        return points;
    }

    [Fact]
    public void Locate_LevelEyes_CentresTheChipBelowThemScaledByTheirDistance()
    {
        var chip = FaceChip.Locate(Landmarks((100, 100), (140, 100)))!.Value;

        Assert.Equal(120, chip.CentreX, 3);
        Assert.Equal(100 + FaceChip.CentreBelowEyesPerEyeDistance * 40, chip.CentreY, 3);
        Assert.Equal(2 * FaceChip.HalfSidePerEyeDistance * 40, chip.Side, 3);
        Assert.Equal(0, chip.Angle, 5);
    }

    [Fact]
    public void Locate_TiltedEyes_TurnsTheChipWithThem()
    {
        float angle = MathF.PI / 6, distance = 40;
        var left = (X: 200f, Y: 150f);
        var right = (X: left.X + distance * MathF.Cos(angle), Y: left.Y + distance * MathF.Sin(angle));

        var chip = FaceChip.Locate(Landmarks(left, right))!.Value;

        Assert.Equal(angle, chip.Angle, 1e-4);
        Assert.Equal(2 * FaceChip.HalfSidePerEyeDistance * distance, chip.Side, 1e-3);
        // The centre lies on the perpendicular through the eyes' midpoint, on the mouth's side.
        float midX = (left.X + right.X) / 2, midY = (left.Y + right.Y) / 2, below = FaceChip.CentreBelowEyesPerEyeDistance * distance;
        Assert.Equal(midX - below * MathF.Sin(angle), chip.CentreX, 1e-3);
        Assert.Equal(midY + below * MathF.Cos(angle), chip.CentreY, 1e-3);
    }

    [Fact]
    public void Locate_CoincidentEyes_GivesNoChip() => Assert.Null(FaceChip.Locate(Landmarks((50, 50), (50, 50))));

    [Fact]
    public void Locate_RefusesAnythingButSixtyEightLandmarks() =>
        Assert.Throws<ArgumentException>(() => FaceChip.Locate(new FacePoint[5]));

    [Fact]
    public void Chip_of_a_tilted_face_shows_the_eyes_level_and_symmetric()
    {
        // Two bright 5×5 dots as eyes on a black photo, the line through them tilted by 25°.
        const int width = 300, height = 300;
        float angle = 25 * MathF.PI / 180, distance = 60;
        var left = (X: 120f, Y: 110f);
        var right = (X: left.X + distance * MathF.Cos(angle), Y: left.Y + distance * MathF.Sin(angle));
        var rgb = new byte[width * height * 3];
        foreach (var (ex, ey) in new[] { left, right })
            for (int y = (int)ey - 2; y <= (int)ey + 2; y++)
                for (int x = (int)ex - 2; x <= (int)ex + 2; x++)
                    rgb[(y * width + x) * 3] = rgb[(y * width + x) * 3 + 1] = rgb[(y * width + x) * 3 + 2] = 255;
        var chip = FaceChip.Locate(Landmarks((MathF.Floor(left.X) + 0.5f, MathF.Floor(left.Y) + 0.5f),
            (MathF.Floor(right.X) + 0.5f, MathF.Floor(right.Y) + 0.5f)))!.Value;

        var (pixels, side, _) = FaceChip.Extract(rgb, width, height, chip);

        // Brightness-weighted centre of each half of the chip: one eye per half.
        (double X, double Y) Centre(int from, int to)
        {
            double sum = 0, sx = 0, sy = 0;
            for (int v = 0; v < side; v++)
                for (int u = from; u < to; u++)
                {
                    double b = pixels[(v * side + u) * 3];
                    (sum, sx, sy) = (sum + b, sx + b * u, sy + b * v);
                }
            return (sx / sum, sy / sum);
        }
        var (leftEye, rightEye) = (Centre(0, side / 2), Centre(side / 2, side));
        Assert.Equal(leftEye.Y, rightEye.Y, 1.0);
        Assert.Equal(side / 2.0, (leftEye.X + rightEye.X) / 2, 1.0);
        Assert.Equal(distance, rightEye.X - leftEye.X, 1.5);
        // The eyes sit above the centre, by the chip's offset.
        Assert.Equal(side / 2.0 - FaceChip.CentreBelowEyesPerEyeDistance * distance, leftEye.Y, 1.5);
    }

    [Fact]
    public void Extract_TurnsTheSquareUpright_AndFillsOutsideThePhotoWithBlack()
    {
        // Top half red, bottom half blue. A square turned a quarter clockwise (eyes one above the other) shows the
        // photo's top on its left and its bottom on its right.
        const int width = 40, height = 40;
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                rgb[(y * width + x) * 3 + (y < height / 2 ? 0 : 2)] = 255;

        var (chip, side, chipHeight) = FaceChip.Extract(rgb, width, height, new RotatedSquare(20, 20, 20, MathF.PI / 2));

        Assert.Equal((20, 20), (side, chipHeight));
        byte Red(int u, int v) => chip[(v * side + u) * 3];
        byte Blue(int u, int v) => chip[(v * side + u) * 3 + 2];
        Assert.Equal((255, 0), (Red(2, 10), Blue(2, 10)));
        Assert.Equal((0, 255), (Red(17, 10), Blue(17, 10)));

        var (outside, outsideSide, _) = FaceChip.Extract(rgb, width, height, new RotatedSquare(0, 0, 20, 0));
        Assert.Equal(0, outside[(2 * outsideSide + 2) * 3]);
        Assert.Equal(0, outside[(2 * outsideSide + 2) * 3 + 2]);
        Assert.Equal(255, outside[(17 * outsideSide + 17) * 3]);
    }

    [Fact]
    public void Extract_SamplesAboutOnePixelPerPhotoPixel()
    {
        var rgb = new byte[400 * 300 * 3];
        for (int y = 0; y < 300; y++)
            for (int x = 0; x < 400; x++)
                rgb[(y * 400 + x) * 3 + 1] = (byte)(x < 200 ? 0 : 200);

        var (chip, width, height) = FaceChip.Extract(rgb, 400, 300, new RotatedSquare(200, 150, 240.4f, 0));

        Assert.Equal((240, 240), (width, height));
        // The photo's edge at x = 200 sits in the chip's middle column.
        Assert.Equal(0, chip[(120 * width + 115) * 3 + 1]);
        Assert.Equal(200, chip[(120 * width + 125) * 3 + 1]);
    }
}
