using Fewshot.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Fewshot.Tests.Models;

/// <summary>ONNX Runtime running the shipped ResNet18.onnx: the ground truth the TorchSharp module must reproduce.</summary>
public sealed class OnnxReference : IDisposable
{
    readonly InferenceSession _session;
    readonly string _input;

    public OnnxReference()
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(PretrainedFiles.ResNet18Onnx(), options);
        _input = _session.InputMetadata.Keys.Single();
    }

    /// <summary>The graph's 512-d output for one preprocessed 3×224×224 image.</summary>
    public float[] Features(float[] image)
    {
        var input = new DenseTensor<float>(image, [1, 3, 224, 224]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, input)]);
        return results.Single().AsEnumerable<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
