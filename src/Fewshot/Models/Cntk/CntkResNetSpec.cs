namespace Fewshot.Models.Cntk;

/// <summary>A convolution without bias. Pads as stored in the graph (top, left, bottom, right), valid at its input size.</summary>
internal sealed record ConvSpec(string Node, float[] Weight, long[] Shape, long[] Stride, long[] Pads)
{
    public long OutChannels => Shape[0];
    public long InChannels => Shape[1];
}

internal sealed record BatchNormSpec(string Node, float[] Scale, float[] Bias, float[] Mean, float[] Variance, double Epsilon);

internal sealed record ConvBnSpec(ConvSpec Conv, BatchNormSpec Norm);

internal sealed record MaxPoolSpec(long[] Kernel, long[] Stride, long[] Pads);

internal sealed record StemSpec(ConvBnSpec ConvBn, MaxPoolSpec Pool);

/// <summary>relu(bn2(conv2(relu(bn1(conv1 x)))) + shortcut x); Shortcut null means identity.</summary>
internal sealed record BlockSpec(ConvBnSpec First, ConvBnSpec Second, ConvBnSpec? Shortcut);

/// <summary>A CNTK-style ResNet body read from an ONNX graph, weights included.</summary>
internal sealed record CntkResNetSpec(StemSpec Stem, IReadOnlyList<IReadOnlyList<BlockSpec>> Stages)
{
    public int FeatureChannels => (int)Stages[^1][^1].Second.Conv.OutChannels;

    public int Convolutions => 1 + Stages.Sum(s => s.Sum(b => b.Shortcut is null ? 2 : 3));

    /// <summary>Parsed once per process (~0.2 s); every backbone instance copies its tensors from here.</summary>
    public static readonly Lazy<CntkResNetSpec> ResNet18 = new(() => OnnxResNetReader.Read(
        PretrainedFiles.ResNet18Onnx(), blocksPerStage: [2, 2, 2, 3], convolutions: 22, featureChannels: 512));
}
