using Fewshot.Models;
using Fewshot.Models.Cntk;

namespace Fewshot.Tests.Models;

public class ConcurrentLoadTests
{
    [Fact]
    public void TheWeightsFile_CanBeReadWhileAnotherReaderHoldsItOpen()
    {
        var path = PretrainedFiles.ResNet18Onnx();
        // Another process (a second `fewshot train`) reading the same file holds it open with read sharing.
        using var otherReader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);

        var spec = OnnxResNetReader.Read(path, [2, 2, 2, 3], 22, 512);

        Assert.Equal(4, spec.Stages.Count);
    }
}
