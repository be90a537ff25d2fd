using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Torchvision;

/// <summary>
/// torchvision's efficientnet_b0 features (TorchSharp's TorchVision has no EfficientNet), with torchvision's module
/// names: features.0 the stem, features.1–7 the MBConv stages, features.8 the last 1×1 convolution.
/// </summary>
internal static class EfficientNetB0
{
    /// <summary>expand ratio, kernel, stride, input channels, output channels, blocks: torchvision's b0 settings.</summary>
    static readonly (int Expand, int Kernel, int Stride, int Input, int Output, int Blocks)[] Stages =
    [
        (1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1),
    ];

    const double StochasticDepth = 0.2;
    public const int FeatureChannels = 1280;

    public static Sequential Features()
    {
        var layers = new List<nn.Module<Tensor, Tensor>> { ConvNormActivation.Create(3, 32, 3, 2, 1, nn.SiLU()) };
        int total = Stages.Sum(s => s.Blocks), block = 0;
        foreach (var stage in Stages)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int i = 0; i < stage.Blocks; i++, block++)
                blocks.Add(new MBConv(i == 0 ? stage.Input : stage.Output, stage.Output, stage.Expand, stage.Kernel,
                    i == 0 ? stage.Stride : 1, StochasticDepth * block / total));
            layers.Add(nn.Sequential(blocks));
        }
        layers.Add(ConvNormActivation.Create(Stages[^1].Output, FeatureChannels, 1, 1, 1, nn.SiLU()));
        return nn.Sequential(layers);
    }

    /// <summary>Inverted residual with squeeze-excitation: expand 1×1, depthwise k×k, SE, project 1×1; residual when the shape is kept.</summary>
    sealed class MBConv : nn.Module<Tensor, Tensor>
    {
        readonly Sequential block;
        readonly nn.Module<Tensor, Tensor> stochastic_depth;
        readonly bool _residual;

        public MBConv(long input, long output, long expand, long kernel, long stride, double dropProbability) : base(nameof(MBConv))
        {
            var expanded = input * expand;
            var layers = new List<nn.Module<Tensor, Tensor>>();
            if (expanded != input) layers.Add(ConvNormActivation.Create(input, expanded, 1, 1, 1, nn.SiLU()));
            layers.Add(ConvNormActivation.Create(expanded, expanded, kernel, stride, expanded, nn.SiLU()));
            layers.Add(torchvision.ops.SqueezeExcitation(expanded, Math.Max(1, input / 4), () => nn.SiLU(), () => nn.Sigmoid()));
            layers.Add(ConvNormActivation.Create(expanded, output, 1, 1, 1, null));
            block = nn.Sequential(layers);
            stochastic_depth = torchvision.ops.StochasticDepth(dropProbability, torchvision.StochasticDepth.Mode.Row);
            _residual = stride == 1 && input == output;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var result = block.call(input);
            if (!_residual) return result;
            using (result)
            using (var dropped = stochastic_depth.call(result))
                return dropped.add(input);
        }
    }
}
