using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Cntk;

/// <summary>ResNet basic block: relu(bn2(conv2(relu(bn1(conv1 x)))) + shortcut(x)).</summary>
internal sealed class BasicBlock : ExplicitModule
{
    readonly PaddedConv2d _conv1, _conv2;
    readonly BatchNorm2d _bn1, _bn2;
    readonly ConvBn? _shortcut;

    public BasicBlock(BlockSpec spec) : base(nameof(BasicBlock))
    {
        _conv1 = new PaddedConv2d(spec.First.Conv);
        _bn1 = Layers.BatchNorm(spec.First.Norm);
        _conv2 = new PaddedConv2d(spec.Second.Conv);
        _bn2 = Layers.BatchNorm(spec.Second.Norm);
        register_module("conv1", _conv1);
        register_module("bn1", _bn1);
        register_module("conv2", _conv2);
        register_module("bn2", _bn2);
        if (spec.Shortcut is not null) register_module("shortcut", _shortcut = new ConvBn(spec.Shortcut));
    }

    public override Tensor forward(Tensor input)
    {
        using var c1 = _conv1.forward(input);
        using var b1 = _bn1.forward(c1);
        using var r1 = nn.functional.relu(b1);
        using var c2 = _conv2.forward(r1);
        using var b2 = _bn2.forward(c2);
        using var shortcut = _shortcut?.forward(input);
        using var sum = b2.add(shortcut ?? input);
        return nn.functional.relu(sum);
    }
}
