using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Cntk;

/// <summary>Convolution then batch norm, registered as "conv" and "bn".</summary>
internal sealed class ConvBn : ExplicitModule
{
    readonly PaddedConv2d _conv;
    readonly BatchNorm2d _bn;

    public ConvBn(ConvBnSpec spec) : base(nameof(ConvBn))
    {
        _conv = new PaddedConv2d(spec.Conv);
        _bn = Layers.BatchNorm(spec.Norm);
        register_module("conv", _conv);
        register_module("bn", _bn);
    }

    public override Tensor forward(Tensor input)
    {
        using var convolved = _conv.forward(input);
        return _bn.forward(convolved);
    }
}

internal static class Layers
{
    /// <summary>A trainable BatchNorm2d holding the graph's statistics and epsilon (PyTorch's default momentum, as fastai).</summary>
    public static BatchNorm2d BatchNorm(BatchNormSpec spec)
    {
        var bn = nn.BatchNorm2d(spec.Scale.Length, eps: spec.Epsilon);
        using var _ = no_grad();
        using (var t = tensor(spec.Scale)) bn.weight!.copy_(t);
        using (var t = tensor(spec.Bias)) bn.bias!.copy_(t);
        using (var t = tensor(spec.Mean)) bn.running_mean!.copy_(t);
        using (var t = tensor(spec.Variance)) bn.running_var!.copy_(t);
        return bn;
    }
}
