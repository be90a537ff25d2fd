using System.Diagnostics;
using Fewshot.Faces;
using Fewshot.Tests.Support;
using static TorchSharp.torch;
namespace Fewshot.Tests.Faces;
public sealed class TmpBench(FaceModelsFixture models, ITestOutputHelper output) : IClassFixture<FaceModelsFixture>
{
    [Fact]
    public void Bench()
    {
        Torch.Ready();
        var c = FaceReferenceCase.LoadAll()[0];
        var data = new float[3 * 416 * 416];
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) SquareInput.Fill(data, c.Rgb, c.Width, c.Height, 416, false, new float[] { 1, 2, 3 });
        output.WriteLine($"fill {sw.Elapsed.TotalMilliseconds / 20:F1} ms threads {get_num_threads()}");
        using var det = TinyFaceDetector.Load(models.RequireModels());
        using var x = tensor(data, [1, 3, 416, 416]);
        using (no_grad()) { det.forward(x).Dispose();
        sw.Restart();
        for (var i = 0; i < 10; i++) det.forward(x).Dispose();
        output.WriteLine($"forward {sw.Elapsed.TotalMilliseconds / 10:F1} ms cpu {Process.GetCurrentProcess().TotalProcessorTime}");
        }
    }
}
