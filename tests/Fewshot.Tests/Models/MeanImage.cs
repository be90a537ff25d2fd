using Fewshot.Models;
using Onnx;

namespace Fewshot.Tests.Models;

/// <summary>The BGR 3×224×224 mean image CNTK subtracted in training (ResNetPreprocess.onnx of the NuGet package).</summary>
internal static class MeanImage
{
    static readonly Lazy<float[]?> Pixels = new(() =>
    {
        var path = PretrainedFiles.ResNet18MeanImage();
        if (path is null) return null;
        using var stream = File.OpenRead(path);
        var graph = ModelProto.Parser.ParseFrom(stream).Graph;
        return graph.Initializer.Single(t => t.Name == "MeanImage").FloatData.ToArray();
    });

    /// <summary>The mean image, or skips the test when the preprocessing file is absent.</summary>
    public static float[] Load() =>
        Pixels.Value ?? throw Xunit.Sdk.SkipException.ForSkip("ResNetPreprocess.onnx not found (run dotnet restore)");
}
