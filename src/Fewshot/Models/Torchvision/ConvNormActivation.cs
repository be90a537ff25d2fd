using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Torchvision;

/// <summary>torchvision's Conv2dNormActivation: a bias-free convolution padded to keep the size at stride 1, batch norm, activation.</summary>
internal static class ConvNormActivation
{
    public static Sequential Create(long input, long output, long kernel, long stride, long groups, nn.Module<Tensor, Tensor>? activation,
        double eps = 1e-5, double momentum = 0.1)
    {
        var conv = nn.Conv2d(input, output, kernel, stride, padding: (kernel - 1) / 2, groups: groups, bias: false);
        var norm = nn.BatchNorm2d(output, eps, momentum);
        return activation is null ? nn.Sequential(conv, norm) : nn.Sequential(conv, norm, activation);
    }
}
