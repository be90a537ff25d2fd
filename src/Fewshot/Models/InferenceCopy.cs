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
        var copy = source.Info.CreateArchitecture();
        CopyState(source, copy);
        return ForInference(copy, precision);
    }

    /// <summary>A copy of the whole classifier in eval mode, without gradients, in the given precision.</summary>
    public static ClassifierNetwork Classifier(ClassifierNetwork source, int classCount, Precision precision)
    {
        var copy = new ClassifierNetwork(source.body.Info.CreateArchitecture(), classCount);
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

    /// <summary>Puts <paramref name="module"/> itself in eval mode, without gradients, in the given precision, channels-last.</summary>
    public static T ForInference<T>(T module, Precision precision) where T : nn.Module
    {
        module.eval();
        foreach (var p in module.parameters()) p.requires_grad = false;
        var dtype = precision.DType();
        if (dtype != ScalarType.Float32) module.to(dtype);
        ChannelsLast.Apply(module);
        return module;
    }
}
