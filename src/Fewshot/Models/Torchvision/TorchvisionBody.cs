using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models.Torchvision;

/// <summary>
/// The convolutional part of a torchvision classifier, its modules registered under torchvision's names
/// ("layer1.0.conv1.weight", "features.3.block.1.0.weight") so that PyTorch state_dicts load by name. Runs them in
/// order and returns the feature map before torchvision's average pool.
/// </summary>
internal sealed class TorchvisionBody : Backbone
{
    readonly nn.Module<Tensor, Tensor>[] _layers;

    public TorchvisionBody(BackboneInfo info, IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> layers) : base(info.Id)
    {
        Info = info;
        var list = layers.ToList();
        foreach (var (name, module) in list) register_module(name, module);
        _layers = list.Select(l => l.Module).ToArray();
        var parameters = named_parameters().ToList();
        bool Late((string Name, Parameter) p) => info.LateGroup.Any(prefix => p.Name.StartsWith(prefix + ".", StringComparison.Ordinal));
        BodyGroups = [parameters.Where(p => !Late(p)).Select(p => p.parameter).ToList(), parameters.Where(Late).Select(p => p.parameter).ToList()];
    }

    /// <summary>
    /// The named children of a torchvision model, in <paramref name="order"/>; the others (pool, classifier) are disposed.
    /// The model itself is left to the garbage collector: disposing it would dispose the children kept.
    /// </summary>
    public static IReadOnlyList<(string, nn.Module<Tensor, Tensor>)> Children(nn.Module model, params string[] order)
    {
        var children = model.named_children().ToDictionary(c => c.name, c => c.module);
        foreach (var (name, child) in children)
            if (!order.Contains(name)) child.Dispose();
        return order.Select(name => (name, (nn.Module<Tensor, Tensor>)children[name])).ToList();
    }

    public override BackboneInfo Info { get; }

    /// <summary>[early layers], [late layers] as the registry splits them.</summary>
    public override IReadOnlyList<IReadOnlyList<Parameter>> BodyGroups { get; }

    /// <summary>Children are registered explicitly, under torchvision's names.</summary>
    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            var next = layer.call(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return x;
    }
}
