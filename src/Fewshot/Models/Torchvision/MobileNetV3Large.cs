using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Torchvision;

/// <summary>
/// torchvision's mobilenet_v3_large features, with its module names. TorchSharp's TorchVision builds this network too,
/// but its squeeze-excitation squeezes through ReLU6 where torchvision's uses ReLU: features differed by 6% once a
/// squeezed value passed 6 (the parity test's fixture makes sure some do).
/// </summary>
internal static class MobileNetV3Large
{
    /// <summary>input, kernel, expanded, output, squeeze-excitation, hard-swish (else ReLU), stride: torchvision's settings.</summary>
    static readonly (int Input, int Kernel, int Expanded, int Output, bool Squeeze, bool HardSwish, int Stride)[] Blocks =
    [
        (16, 3, 16, 16, false, false, 1), (16, 3, 64, 24, false, false, 2), (24, 3, 72, 24, false, false, 1),
        (24, 5, 72, 40, true, false, 2), (40, 5, 120, 40, true, false, 1), (40, 5, 120, 40, true, false, 1),
        (40, 3, 240, 80, false, true, 2), (80, 3, 200, 80, false, true, 1), (80, 3, 184, 80, false, true, 1),
        (80, 3, 184, 80, false, true, 1), (80, 3, 480, 112, true, true, 1), (112, 3, 672, 112, true, true, 1),
        (112, 5, 672, 160, true, true, 2), (160, 5, 960, 160, true, true, 1), (160, 5, 960, 160, true, true, 1),
    ];

    public const int FeatureChannels = 960;
    const double Eps = 0.001, Momentum = 0.01;

    public static Sequential Features()
    {
        var layers = new List<nn.Module<Tensor, Tensor>> { ConvNormActivation.Create(3, 16, 3, 2, 1, nn.Hardswish(), Eps, Momentum) };
        layers.AddRange(Blocks.Select(b => new InvertedResidual(b.Input, b.Kernel, b.Expanded, b.Output, b.Squeeze, b.HardSwish, b.Stride)));
        layers.Add(ConvNormActivation.Create(Blocks[^1].Output, FeatureChannels, 1, 1, 1, nn.Hardswish(), Eps, Momentum));
        return nn.Sequential(layers);
    }

    sealed class InvertedResidual : nn.Module<Tensor, Tensor>
    {
        readonly Sequential block;
        readonly bool _residual;

        public InvertedResidual(long input, long kernel, long expanded, long output, bool squeeze, bool hardSwish, long stride)
            : base(nameof(InvertedResidual))
        {
            nn.Module<Tensor, Tensor> Activation() => hardSwish ? nn.Hardswish() : nn.ReLU();
            var layers = new List<nn.Module<Tensor, Tensor>>();
            if (expanded != input) layers.Add(ConvNormActivation.Create(input, expanded, 1, 1, 1, Activation(), Eps, Momentum));
            layers.Add(ConvNormActivation.Create(expanded, expanded, kernel, stride, expanded, Activation(), Eps, Momentum));
            if (squeeze)
                layers.Add(torchvision.ops.SqueezeExcitation(expanded, Divisible(expanded / 4), () => nn.ReLU(), () => nn.Hardsigmoid()));
            layers.Add(ConvNormActivation.Create(expanded, output, 1, 1, 1, null, Eps, Momentum));
            block = nn.Sequential(layers);
            _residual = stride == 1 && input == output;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var result = block.call(input);
            if (!_residual) return result;
            using (result) return result.add(input);
        }
    }

    /// <summary>torchvision's _make_divisible(v, 8): the nearest multiple of 8, at least 8, not more than 10% below v.</summary>
    static long Divisible(long value)
    {
        var rounded = Math.Max(8, (value + 4) / 8 * 8);
        return rounded < 0.9 * value ? rounded + 8 : rounded;
    }
}
