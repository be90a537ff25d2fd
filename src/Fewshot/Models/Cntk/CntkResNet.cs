using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Cntk;

/// <summary>
/// CNTK's ImageNet ResNet body as a trainable module tree: stem, stage1..stageN of blocks
/// (parameter names like "stage3.block0.conv1.weight"). Returns the feature map before the average pool.
/// </summary>
internal sealed class CntkResNet : Backbone
{
    readonly Stem _stem;
    readonly Sequential[] _stages;

    public CntkResNet(BackboneInfo info, CntkResNetSpec spec) : base(info.Id)
    {
        Info = info;
        _stem = new Stem(spec.Stem);
        register_module("stem", _stem);
        _stages = spec.Stages.Select(blocks =>
            nn.Sequential(blocks.Select((b, i) => ($"block{i}", (nn.Module<Tensor, Tensor>)new BasicBlock(b))).ToArray())).ToArray();
        for (var s = 0; s < _stages.Length; s++) register_module($"stage{s + 1}", _stages[s]);
        var half = _stages.Length / 2;
        BodyGroups =
        [
            [.. _stem.parameters(), .. _stages[..half].SelectMany(s => s.parameters())],
            [.. _stages[half..].SelectMany(s => s.parameters())],
        ];
    }

    public override BackboneInfo Info { get; }

    /// <summary>[stem..stage2], [stage3..stage4].</summary>
    public override IReadOnlyList<IReadOnlyList<Parameter>> BodyGroups { get; }

    /// <summary>Children are registered explicitly (see <see cref="ExplicitModule"/>).</summary>
    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor input)
    {
        var x = _stem.forward(input);
        foreach (var stage in _stages)
        {
            var next = stage.forward(x);
            x.Dispose();
            x = next;
        }
        return x;
    }
}
