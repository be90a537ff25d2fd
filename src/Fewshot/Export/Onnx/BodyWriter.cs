using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Models.Cntk;
using static Fewshot.Export.Onnx.OnnxGraphBuilder;

namespace Fewshot.Export.Onnx;

/// <summary>
/// The CNTK ResNet body as ONNX nodes, with the trained weights: Conv (CNTK's same padding baked as the pads the
/// module computes at this input size) → BatchNormalization → Relu, residual Adds, and a MaxPool whose padding
/// ONNX already treats as −∞, like the module's explicit −∞ pad.
/// </summary>
internal sealed class BodyWriter(OnnxGraphBuilder builder, ModuleWeights weights, OnnxModelInfo info)
{
    long _height = info.Size, _width = info.Size;

    public string Write(CntkResNetSpec spec, string input)
    {
        var x = builder.Node("Relu", [ConvBn("body.stem.conv", "body.stem.bn", spec.Stem.ConvBn, input, rgbInput: true)]);
        x = MaxPool(spec.Stem.Pool, x);
        for (int s = 0; s < spec.Stages.Count; s++)
            for (int b = 0; b < spec.Stages[s].Count; b++)
                x = Block($"body.stage{s + 1}.block{b}", spec.Stages[s][b], x);
        return x;
    }

    string Block(string prefix, BlockSpec block, string input)
    {
        var (inHeight, inWidth) = (_height, _width);
        var main = builder.Node("Relu", [ConvBn(prefix + ".conv1", prefix + ".bn1", block.First, input)]);
        main = ConvBn(prefix + ".conv2", prefix + ".bn2", block.Second, main);
        var (outHeight, outWidth) = (_height, _width);
        var shortcut = input;
        if (block.Shortcut is not null)
        {
            (_height, _width) = (inHeight, inWidth);
            shortcut = ConvBn(prefix + ".shortcut.conv", prefix + ".shortcut.bn", block.Shortcut, input);
            if ((_height, _width) != (outHeight, outWidth))
                throw new InvalidOperationException($"{prefix}: shortcut gives {_height}×{_width}, branch {outHeight}×{outWidth}");
        }
        return builder.Node("Relu", [builder.Node("Add", [main, shortcut])]);
    }

    string ConvBn(string conv, string bn, ConvBnSpec spec, string input, bool rgbInput = false)
    {
        var (weight, shape) = weights.Get(conv + ".weight");
        // The graph's input planes are RGB; a BGR model's stem reads them in reverse order.
        if (rgbInput && info.ChannelOrder == ChannelOrder.Bgr) weight = ReverseInputChannels(weight, shape);
        var kernel = shape[2..];
        var stride = spec.Conv.Stride;
        var convolved = builder.Node("Conv", [input, builder.Weight(conv + ".weight", weight, shape)],
            Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", OnnxPads(kernel, stride)));
        Advance(stride);
        return builder.BatchNorm(weights, bn, convolved, spec.Norm.Epsilon);
    }

    string MaxPool(MaxPoolSpec pool, string input)
    {
        var output = builder.Node("MaxPool", [input],
            Ints("kernel_shape", pool.Kernel), Ints("strides", pool.Stride), Ints("pads", OnnxPads(pool.Kernel, pool.Stride)));
        Advance(pool.Stride);
        return output;
    }

    /// <summary>The module's F.pad (left, right, top, bottom) at the current size, in ONNX order (top, left, bottom, right).</summary>
    long[] OnnxPads(long[] kernel, long[] stride)
    {
        var p = SamePadding.ForInput(_height, _width, kernel, stride);
        return [p[2], p[0], p[3], p[1]];
    }

    void Advance(long[] stride) =>
        (_height, _width) = (SamePadding.OutputSize(_height, stride[0]), SamePadding.OutputSize(_width, stride[1]));

    static float[] ReverseInputChannels(float[] weight, long[] shape)
    {
        int outputs = (int)shape[0], inputs = (int)shape[1], area = (int)(shape[2] * shape[3]);
        var result = new float[weight.Length];
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++)
                weight.AsSpan((o * inputs + i) * area, area).CopyTo(result.AsSpan((o * inputs + inputs - 1 - i) * area, area));
        return result;
    }
}
