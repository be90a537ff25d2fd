namespace Fewshot.Models.Cntk;

/// <summary>
/// CNTK's auto-padding: output = ceil(input / stride), the odd pixel of padding going top/left. The ONNX graph
/// stores the pads this gives at 224×224 (e.g. [1,1,0,0] for 3×3/2); recomputing them per input size is what
/// lets any size run: with the stored pads an odd-sized map would leave the 1×1/2 shortcut one pixel larger than
/// the 3×3/2 branch.
/// </summary>
internal static class SamePadding
{
    public static (long Begin, long End) For(long size, long kernel, long stride)
    {
        var output = (size + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + kernel - size, 0);
        return ((total + 1) / 2, total / 2);
    }

    public static long OutputSize(long size, long stride) => (size + stride - 1) / stride;

    /// <summary>F.pad order (left, right, top, bottom) for an H×W input.</summary>
    public static long[] ForInput(long height, long width, long[] kernel, long[] stride)
    {
        var (top, bottom) = For(height, kernel[0], stride[0]);
        var (left, right) = For(width, kernel[1], stride[1]);
        return [left, right, top, bottom];
    }

    /// <summary>Whether ONNX pads (top, left, bottom, right) are what CNTK's rule gives at this input size.</summary>
    public static bool Matches(long[] onnxPads, long height, long width, long[] kernel, long[] stride)
    {
        var p = ForInput(height, width, kernel, stride);
        return onnxPads.SequenceEqual([p[2], p[0], p[3], p[1]]);
    }
}
