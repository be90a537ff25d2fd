namespace Fewshot.Imaging;

/// <summary>
/// One random draw of every augmentation parameter. All values are always drawn in a fixed order, so turning one
/// transform off does not change the randomness of the others.
/// </summary>
internal readonly record struct AugmentDraw(
    bool Flip, double RotateDegrees, double Zoom, double ZoomColumn, double ZoomRow,
    Warp4 Warp, bool UseWarp, double BrightnessChange, double ContrastScale)
{
    public static AugmentDraw Sample(AugmentOptions options, ulong seed)
    {
        var random = new SplitMix64(seed);
        var flip = random.Chance(0.5) && options.Flip;
        var rotate = random.Chance(options.AffineProbability);
        var degrees = random.Uniform(-options.MaxRotate, options.MaxRotate);
        var zoomed = random.Chance(options.AffineProbability);
        var zoom = random.Uniform(1, options.MaxZoom);
        var column = random.NextDouble();
        var row = random.NextDouble();
        var warped = random.Chance(options.AffineProbability);
        var warp = new Warp4(
            random.Uniform(-options.MaxWarp, options.MaxWarp), random.Uniform(-options.MaxWarp, options.MaxWarp),
            random.Uniform(-options.MaxWarp, options.MaxWarp), random.Uniform(-options.MaxWarp, options.MaxWarp));
        var brighten = random.Chance(options.LightingProbability);
        var change = random.Uniform(0.5 * (1 - options.MaxLighting), 0.5 * (1 + options.MaxLighting));
        var contrast = random.Chance(options.LightingProbability);
        // fastai's log_uniform: uniform in log space between 1 - max and 1 / (1 - max).
        var logLimit = -Math.Log(1 - options.MaxLighting);
        var scale = Math.Exp(random.Uniform(-logLimit, logLimit));
        return new(flip, rotate ? degrees : 0, zoomed ? zoom : 1, column, row,
            warp, warped && options.MaxWarp > 0, brighten ? change : 0.5, contrast ? scale : 1);
    }

    /// <summary>Output → view in normalised coordinates: warp first, then zoom, rotate, flip.</summary>
    public Matrix3 ViewFromOutput()
    {
        var transform = Matrix3.Identity;
        if (Flip) transform *= Matrix3.Scale(-1, 1);
        if (RotateDegrees != 0) transform *= Matrix3.Rotate(RotateDegrees * Math.PI / 180);
        if (Zoom != 1)
        {
            // fastai keeps the zoomed window inside the view: its centre moves at most 1 - 1/zoom.
            var slack = 1 - 1 / Zoom;
            transform *= Matrix3.Affine(1 / Zoom, 0, slack * (2 * ZoomColumn - 1), 0, 1 / Zoom, slack * (2 * ZoomRow - 1));
        }
        if (UseWarp) transform *= Warp.Matrix();
        return transform;
    }

    public byte[]? ToneCurve() =>
        BrightnessChange == 0.5 && ContrastScale == 1 ? null : Imaging.ToneCurve.Create(BrightnessChange, ContrastScale);
}

/// <summary>fastai v1 <c>symmetric_warp</c>: four magnitudes move the corners of the view square symmetrically.</summary>
internal readonly record struct Warp4(double M0, double M1, double M2, double M3)
{
    public Matrix3 Matrix()
    {
        ReadOnlySpan<(double, double)> square = [(-1, -1), (-1, 1), (1, -1), (1, 1)];
        ReadOnlySpan<(double, double)> moved =
            [(-1 - M3, -1 - M1), (-1 - M2, 1 + M1), (1 + M3, -1 - M0), (1 + M2, 1 + M0)];
        // As in fastai, output positions at the moved corners sample the square's corners.
        return Homography.FromPoints(moved, square);
    }
}
