using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Cntk;

/// <summary>conv 7×7/2, bn, relu, max-pool 3×3/2, all with CNTK's same padding.</summary>
internal sealed class Stem : ExplicitModule
{
    readonly PaddedConv2d _conv;
    readonly BatchNorm2d _bn;
    readonly long[] _poolKernel, _poolStride;

    public Stem(StemSpec spec) : base(nameof(Stem))
    {
        _conv = new PaddedConv2d(spec.ConvBn.Conv);
        _bn = Layers.BatchNorm(spec.ConvBn.Norm);
        register_module("conv", _conv);
        register_module("bn", _bn);
        _poolKernel = spec.Pool.Kernel;
        _poolStride = spec.Pool.Stride;
    }

    public override Tensor forward(Tensor input)
    {
        using var convolved = _conv.forward(input);
        using var normalised = _bn.forward(convolved);
        using var activated = nn.functional.relu(normalised);
        // -inf, as ONNX/CNTK max-pool ignores the padding (zero would do after relu, but stay exact).
        var pad = SamePadding.ForInput(activated.shape[2], activated.shape[3], _poolKernel, _poolStride);
        using var padded = nn.functional.pad(activated, pad, PaddingModes.Constant, double.NegativeInfinity);
        return nn.functional.max_pool2d(padded, _poolKernel, _poolStride);
    }
}
