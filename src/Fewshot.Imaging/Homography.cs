namespace Fewshot.Imaging;

/// <summary>The projective transform taking four points to four others (solved as an 8×8 linear system).</summary>
internal static class Homography
{
    public static Matrix3 FromPoints(ReadOnlySpan<(double X, double Y)> from, ReadOnlySpan<(double X, double Y)> to)
    {
        // Unknowns h0..h7 with h8 = 1: x' (h6 x + h7 y + 1) = h0 x + h1 y + h2, likewise for y'.
        Span<double> a = stackalloc double[8 * 9];
        for (var i = 0; i < 4; i++)
        {
            var (x, y) = from[i];
            var (u, v) = to[i];
            Row(a, 2 * i, x, y, 1, 0, 0, 0, -u * x, -u * y, u);
            Row(a, 2 * i + 1, 0, 0, 0, x, y, 1, -v * x, -v * y, v);
        }
        Span<double> h = stackalloc double[8];
        Solve(a, h);
        return new(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1);
    }

    static void Row(Span<double> a, int row, params ReadOnlySpan<double> values) => values.CopyTo(a.Slice(row * 9, 9));

    /// <summary>Gaussian elimination with partial pivoting on the augmented 8×9 matrix.</summary>
    static void Solve(Span<double> a, Span<double> solution)
    {
        const int n = 8, stride = 9;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
                if (Math.Abs(a[r * stride + col]) > Math.Abs(a[pivot * stride + col])) pivot = r;
            if (Math.Abs(a[pivot * stride + col]) < 1e-12) throw new InvalidOperationException("degenerate homography");
            if (pivot != col)
                for (var k = 0; k < stride; k++)
                    (a[col * stride + k], a[pivot * stride + k]) = (a[pivot * stride + k], a[col * stride + k]);
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var factor = a[r * stride + col] / a[col * stride + col];
                if (factor == 0) continue;
                for (var k = col; k < stride; k++) a[r * stride + k] -= factor * a[col * stride + k];
            }
        }
        for (var r = 0; r < n; r++) solution[r] = a[r * stride + n] / a[r * stride + r];
    }
}
