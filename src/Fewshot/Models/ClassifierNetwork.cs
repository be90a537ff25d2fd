using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>
/// A pretrained body, concat pooling and a new head: fastai's <c>create_cnn</c> model. It maps pixel tensors to logits;
/// <c>Predictors.Predictor</c> adds what an <c>IImageClassifier</c> also needs (class names, decoding and resizing).
/// </summary>
public sealed class ClassifierNetwork : nn.Module<Tensor, Tensor>
{
    public Backbone body;
    public ConcatPool pool;
    public ClassifierHead head;

    public ClassifierNetwork(Backbone body, int classCount) : base("classifier")
    {
        this.body = body;
        pool = new ConcatPool();
        head = new ClassifierHead(body.Info.FeatureChannels, classCount);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        using var pooled = PooledFeatures(images);
        return head.call(pooled);
    }

    /// <summary>Body features pooled to N×2C, the head's input.</summary>
    public Tensor PooledFeatures(Tensor images)
    {
        using var features = body.call(images);
        return pool.call(features);
    }

    /// <summary>Layer groups for discriminative learning rates: the body's groups, then the head.</summary>
    public IReadOnlyList<IReadOnlyList<Parameter>> LayerGroups =>
        [.. body.BodyGroups, head.parameters().ToList()];

    /// <summary>The body's batch-norm layers (trainable in the frozen stage only with fastai's <c>--bn train</c>).</summary>
    public IEnumerable<BatchNorm2d> BodyBatchNorms => body.modules().OfType<BatchNorm2d>();
}
