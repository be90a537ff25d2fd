using Fewshot.Runtime;
using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>
/// A frozen body as a feature extractor: the concat-pooled features (N × 2C, the head's input) of preprocessed photos,
/// in eval mode (the body's batch-norm statistics), without gradients. The one place frozen-body features are computed:
/// the learner's feature cache (Training.FeatureCache), <c>cv</c> and <c>check</c> (Evaluation.FrozenFeatures) and
/// people mode's scene features (People.SceneFeatureExtractor).
/// </summary>
public sealed class BodyFeatures : IDisposable
{
    readonly Backbone _body;
    readonly ScalarType _dtype;

    BodyFeatures(Backbone body, ScalarType dtype)
    {
        _body = body;
        _dtype = dtype;
    }

    /// <summary>
    /// The pretrained body of <paramref name="info"/> with its installed weights, in fp32. Channels-last (as inference
    /// copies are) or in the default layout: the two give features equal up to rounding, and each caller keeps the one
    /// its results were measured with.
    /// </summary>
    public static BodyFeatures Pretrained(BackboneInfo info, bool channelsLast)
    {
        NativeRuntime.EnsureLoaded();
        var body = info.Create();
        if (channelsLast) InferenceCopy.ForInference(body, Precision.Fp32);
        else body.eval();
        return new BodyFeatures(body, ScalarType.Float32);
    }

    /// <summary>A copy of a learner's body as it is now (channels-last, in <paramref name="precision"/>, resolved).</summary>
    public static BodyFeatures CopyOf(Backbone body, Precision precision) =>
        new(InferenceCopy.Body(body, precision), precision.DType());

    public BackboneInfo Info => _body.Info;

    /// <summary>Features per photo: twice the body's channels (max and average pooled).</summary>
    public int Dimension => 2 * Info.FeatureChannels;

    /// <summary>The pooled features of <paramref name="count"/> photos of side <paramref name="size"/> (CHW floats, one after another), row after row.</summary>
    public float[] Embed(float[] pixels, int count, int size)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(pixels).reshape(count, 3, size, size);
        if (input.dtype != _dtype) input = input.to(_dtype);
        var pooled = ConcatPool.Apply(_body.call(input));
        if (pooled.dtype != ScalarType.Float32) pooled = pooled.to(ScalarType.Float32);
        return pooled.data<float>().ToArray();
    }

    public void Dispose() => _body.Dispose();
}
