using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Cntk;

/// <summary>
/// A bias-free convolution with CNTK's "same" padding (see <see cref="SamePadding"/>). PyTorch pads symmetrically,
/// so uneven pads (stride-2 layers: top/left only) go through an explicit F.pad before an unpadded convolution.
/// </summary>
internal sealed class PaddedConv2d : ExplicitModule
{
    readonly long[] _kernel;
    readonly long[] _stride;

    public PaddedConv2d(ConvSpec spec) : base(nameof(PaddedConv2d))
    {
        register_parameter("weight", new Parameter(tensor(spec.Weight, spec.Shape), requires_grad: true));
        _kernel = spec.Shape[2..];
        _stride = spec.Stride;
    }

    // Looked up, not kept in a field: Module.to(dtype) replaces registered parameters.
    Parameter Weight => get_parameter("weight")!;

    public override Tensor forward(Tensor input)
    {
        var pad = SamePadding.ForInput(input.shape[2], input.shape[3], _kernel, _stride);
        if (pad[0] == pad[1] && pad[2] == pad[3])
            return nn.functional.conv2d(input, Weight, null, _stride, [pad[2], pad[0]]);
        using var padded = nn.functional.pad(input, pad);
        return nn.functional.conv2d(padded, Weight, null, _stride);
    }
}
