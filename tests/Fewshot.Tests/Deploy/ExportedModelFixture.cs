using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Export.Onnx;
using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.Deploy;

/// <summary>
/// A tiny bears model trained once for the class (64 px, 8 photos per class, one frozen and one unfrozen epoch, so the
/// body's weights differ from the pretrained ones), saved as .fewshot and exported to ONNX with uint8 and float inputs.
/// </summary>
public sealed class ExportedModelFixture : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-deploy-");

    public string Folder => _dir.FullName;
    public string ModelPath { get; }
    public string OnnxPath { get; }
    public string FloatOnnxPath { get; }
    /// <summary>Real validation photos of every class, read in place.</summary>
    public IReadOnlyList<string> Photos { get; }

    public ExportedModelFixture()
    {
        Torch.Ready();
        var split = TestData.Subset("bears", trainPerClass: 8, validPerClass: 4);
        var data = TestData.Load(split, new DataOptions { Size = 64, BatchSize = 8 });
        using (var learner = Learner.Create(data))
        {
            learner.FitOneCycle(1);
            learner.Unfreeze();
            learner.FitOneCycle(1, LearningRates.Constant(1e-3));
            ModelPath = Path.Combine(Folder, "bears.fewshot");
            learner.Export(ModelPath);
        }
        OnnxPath = Path.Combine(Folder, "bears.onnx");
        OnnxExport.FromModelFile(ModelPath, OnnxPath);
        FloatOnnxPath = Path.Combine(Folder, "bears-float.onnx");
        OnnxExport.FromModelFile(ModelPath, FloatOnnxPath, OnnxInputType.Float);
        Photos = split.Valid.Select(i => i.Path).ToList();
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
