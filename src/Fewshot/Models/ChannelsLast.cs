using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>
/// Stores a module's convolution weights channels-last (NHWC strides). libtorch then runs the convolutions, and
/// what follows them, channels-last on oneDNN: measured here at 224 px 57 → 72 img/s in bf16 and 32 → 39 in fp32
/// for the ResNet18 classifier, and faster face detection (depthwise convolutions gain most).
/// </summary>
public static class ChannelsLast
{
    /// <summary>Converts every 4-D parameter and buffer of <paramref name="module"/> in place; returns it.</summary>
    public static T Apply<T>(T module) where T : nn.Module
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var p in module.parameters().Where(p => p.dim() == 4))
            p.set_(Strided(p));
        foreach (var b in module.buffers().Where(b => b.dim() == 4))
            b.set_(Strided(b));
        return module;
    }

    static Tensor Strided(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}
