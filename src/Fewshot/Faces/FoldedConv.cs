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

    public FoldedConv(string name, Tensor weight, Tensor bias, long stride = 1, long padding = 0, long groups = 1)
        : base(name)
    {
        this.weight = weight;
        this.bias = bias;
        _stride = stride;
        _padding = padding;
        _groups = groups;
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

    public override Tensor forward(Tensor x) =>
        nn.functional.conv2d(x, weight, bias, strides: [_stride, _stride], padding: [_padding, _padding],
            groups: _groups);
}
