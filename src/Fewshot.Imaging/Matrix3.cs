using SkiaSharp;

namespace Fewshot.Imaging;

/// <summary>A 3×3 projective transform of 2-D points in double precision (row-major, column vectors).</summary>
internal readonly record struct Matrix3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    public static Matrix3 Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static Matrix3 Affine(double a, double b, double c, double d, double e, double f) => new(a, b, c, d, e, f, 0, 0, 1);

    public static Matrix3 Scale(double sx, double sy) => Affine(sx, 0, 0, 0, sy, 0);

    public static Matrix3 Translate(double tx, double ty) => Affine(1, 0, tx, 0, 1, ty);

    public static Matrix3 Rotate(double radians)
    {
        var (sin, cos) = Math.SinCos(radians);
        return Affine(cos, -sin, 0, sin, cos, 0);
    }

    /// <summary>Applies right first: (a * b)(p) = a(b(p)).</summary>
    public static Matrix3 operator *(Matrix3 a, Matrix3 b) => new(
        a.M00 * b.M00 + a.M01 * b.M10 + a.M02 * b.M20, a.M00 * b.M01 + a.M01 * b.M11 + a.M02 * b.M21, a.M00 * b.M02 + a.M01 * b.M12 + a.M02 * b.M22,
        a.M10 * b.M00 + a.M11 * b.M10 + a.M12 * b.M20, a.M10 * b.M01 + a.M11 * b.M11 + a.M12 * b.M21, a.M10 * b.M02 + a.M11 * b.M12 + a.M12 * b.M22,
        a.M20 * b.M00 + a.M21 * b.M10 + a.M22 * b.M20, a.M20 * b.M01 + a.M21 * b.M11 + a.M22 * b.M21, a.M20 * b.M02 + a.M21 * b.M12 + a.M22 * b.M22);

    public (double X, double Y) Apply(double x, double y)
    {
        var w = M20 * x + M21 * y + M22;
        return ((M00 * x + M01 * y + M02) / w, (M10 * x + M11 * y + M12) / w);
    }

    public Matrix3 Inverse()
    {
        var c00 = M11 * M22 - M12 * M21;
        var c01 = M12 * M20 - M10 * M22;
        var c02 = M10 * M21 - M11 * M20;
        var determinant = M00 * c00 + M01 * c01 + M02 * c02;
        if (Math.Abs(determinant) < 1e-12) throw new InvalidOperationException("transform is not invertible");
        var r = 1 / determinant;
        return new(
            c00 * r, (M02 * M21 - M01 * M22) * r, (M01 * M12 - M02 * M11) * r,
            c01 * r, (M00 * M22 - M02 * M20) * r, (M02 * M10 - M00 * M12) * r,
            c02 * r, (M01 * M20 - M00 * M21) * r, (M00 * M11 - M01 * M10) * r);
    }

    public SKMatrix ToSkia() => new(
        (float)M00, (float)M01, (float)M02,
        (float)M10, (float)M11, (float)M12,
        (float)M20, (float)M21, (float)M22);
}
