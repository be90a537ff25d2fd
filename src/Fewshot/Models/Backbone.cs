using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>
/// A pretrained convolutional body. Input N×3×H×W, already preprocessed per <see cref="BackboneInfo.Preprocessing"/>;
/// output the N×C×h×w feature map (no pooling: the head pools).
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    protected Backbone(string name) : base(name) { }

    public abstract BackboneInfo Info { get; }

    /// <summary>Body layer groups from input to output for discriminative learning rates (fastai split).</summary>
    public abstract IReadOnlyList<IReadOnlyList<Parameter>> BodyGroups { get; }
}
