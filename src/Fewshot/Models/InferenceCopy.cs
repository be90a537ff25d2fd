using Fewshot.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Models;

/// <summary>Frozen copies of a model for fast inference, in fp32 or bf16.</summary>
public static class InferenceCopy
{
    /// <summary>The tensor type of a resolved precision (Auto counts as fp32: resolve it first).</summary>
    public static ScalarType DType(this Precision precision) =>
        precision == Precision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>A copy of <paramref name="source"/>'s body in eval mode, without gradients, in the given precision.</summary>
    public static Backbone Body(Backbone source, Precision precision)
    {
        var copy = source.Info.Create();
        CopyState(source, copy);
        return ForInference(copy, precision);
    }

    /// <summary>A copy of the whole classifier in eval mode, without gradients, in the given precision.</summary>
    public static ImageClassifier Classifier(ImageClassifier source, int classCount, Precision precision)
    {
        var copy = new ImageClassifier(source.body.Info.Create(), classCount);
        CopyState(source, copy);
        return ForInference(copy, precision);
    }

    /// <summary>Copies <paramref name="source"/>'s current weights into a copy made earlier (any precision), without allocating.</summary>
    public static void CopyState(nn.Module source, nn.Module target)
    {
        using var _ = no_grad();
        var sourceState = source.state_dict();
        foreach (var (name, tensor) in target.state_dict())
            tensor.copy_(sourceState[name]);
    }

    /// <summary>
    /// Stores convolution weights channels-last (NHWC strides), which makes libtorch run the convolutions, and what
    /// follows them, channels-last: measured here 57 → 72 img/s in bf16 and 32 → 39 in fp32 at 224 px.
    /// </summary>
    static void ToChannelsLast(nn.Module module)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var p in module.parameters().Where(p => p.dim() == 4))
            p.set_(p.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2));
    }

    /// <summary>Puts <paramref name="module"/> itself in eval mode, without gradients, in the given precision, channels-last.</summary>
    public static T ForInference<T>(T module, Precision precision) where T : nn.Module
    {
        module.eval();
        foreach (var p in module.parameters()) p.requires_grad = false;
        var dtype = precision.DType();
        if (dtype != ScalarType.Float32) module.to(dtype);
        ToChannelsLast(module);
        return module;
    }
}
