using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Export.Onnx;
using Fewshot.Tests.Support;
using Fewshot.Training;

[assembly: AssemblyFixture(typeof(Fewshot.Tests.Deploy.ExportedModelFixture))]

namespace Fewshot.Tests.Deploy;

/// <summary>
/// A tiny bears model trained once for the whole test run, when a test first asks for it (64 px, 8 photos per class, one
/// frozen and one unfrozen epoch, so the body's weights differ from the pretrained ones), saved as .fewshot and exported
/// to ONNX with uint8 and float inputs.
/// </summary>
public sealed class ExportedModelFixture : IDisposable
{
    sealed record Trained(string ModelPath, string OnnxPath, string FloatOnnxPath, IReadOnlyList<string> Photos);

    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-deploy-");
    readonly Lazy<Trained> _trained;

    public ExportedModelFixture() => _trained = new Lazy<Trained>(Train);

    public string Folder => _dir.FullName;
    public string ModelPath => _trained.Value.ModelPath;
    public string OnnxPath => _trained.Value.OnnxPath;
    public string FloatOnnxPath => _trained.Value.FloatOnnxPath;
    /// <summary>Real validation photos of every class, read in place.</summary>
    public IReadOnlyList<string> Photos => _trained.Value.Photos;

    Trained Train()
    {
        Torch.Ready();
        var split = TestData.Subset("bears", trainPerClass: 8, validPerClass: 4);
        var data = TestData.Load(split, new DataOptions { Size = 64, BatchSize = 8 });
        var model = Path.Combine(Folder, "bears.fewshot");
        using (var learner = Learner.Create(data))
        {
            learner.FitOneCycle(1);
            learner.Unfreeze();
            learner.FitOneCycle(1, LearningRates.Constant(1e-3));
            learner.Export(model);
        }
        var onnx = Path.Combine(Folder, "bears.onnx");
        OnnxExport.FromModelFile(model, onnx);
        var floatOnnx = Path.Combine(Folder, "bears-float.onnx");
        OnnxExport.FromModelFile(model, floatOnnx, OnnxInputType.Float);
        return new Trained(model, onnx, floatOnnx, split.Valid.Select(i => i.Path).ToList());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
