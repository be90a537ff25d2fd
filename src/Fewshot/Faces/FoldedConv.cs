using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Faces;

/// <summary>A conv whose weight and bias already include any per-channel scale that followed it.</summary>
sealed class FoldedConv : nn.Module<Tensor, Tensor>
{
    readonly Tensor weight;
    readonly Tensor bias;
    readonly long _stride;
    readonly long _padding;
    readonly long _groups;
    readonly bool _tfSame;

    /// <summary>
    /// <paramref name="tfSame"/>: TF's 'same' padding, which puts an odd extra row and column at the
    /// bottom/right (stride 2 on an even size); then <paramref name="padding"/> is ignored.
    /// </summary>
    public FoldedConv(string name, Tensor weight, Tensor bias, long stride = 1, long padding = 0, long groups = 1,
        bool tfSame = false)
        : base(name)
    {
        this.weight = weight;
        this.bias = bias;
        _stride = stride;
        _padding = padding;
        _groups = groups;
        _tfSame = tfSame;
        RegisterComponents();
    }

    /// <summary>conv + bias followed by x·scale + shift, folded: W·scale, bias·scale + shift.</summary>
    public static FoldedConv WithScale(string name, TfjsWeights w, string prefix, long stride, long padding)
    {
        using var scope = NewDisposeScope();
        var scale = w.Tensor($"{prefix}/scale/weights");
        var shift = w.Tensor($"{prefix}/scale/biases");
        var weight = w.ConvFilter($"{prefix}/conv/filters") * scale.view(-1, 1, 1, 1);
        var bias = w.Tensor($"{prefix}/conv/bias") * scale + shift;
        return new FoldedConv(name, weight.MoveToOuterDisposeScope(), bias.MoveToOuterDisposeScope(), stride, padding);
    }

    public override Tensor forward(Tensor x)
    {
        if (!_tfSame)
            return nn.functional.conv2d(x, weight, bias, strides: [_stride, _stride], padding: [_padding, _padding],
                groups: _groups);
        var (top, bottom) = SamePadding(x.shape[2], weight.shape[2]);
        var (left, right) = SamePadding(x.shape[3], weight.shape[3]);
        if (top == bottom && left == right)
            return nn.functional.conv2d(x, weight, bias, strides: [_stride, _stride], padding: [top, left],
                groups: _groups);
        using var padded = nn.functional.pad(x, [left, right, top, bottom]);
        return nn.functional.conv2d(padded, weight, bias, strides: [_stride, _stride], groups: _groups);
    }

    (long Before, long After) SamePadding(long size, long kernel)
    {
        var output = (size + _stride - 1) / _stride;
        var total = Math.Max((output - 1) * _stride + kernel - size, 0);
        return (total / 2, total - total / 2);
    }
}
