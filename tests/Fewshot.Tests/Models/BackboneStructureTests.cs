using Fewshot.Models;
using Fewshot.Models.Cntk;
using Fewshot.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Tests.Models;

public sealed class BackboneStructureTests
{
    [Fact]
    public void ResNet18HasTheGraphsLayersAsANamedModuleTree()
    {
        Torch.Ready();
        using var backbone = BackboneRegistry.Get("resnet18").Create();
        var parameters = backbone.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.DoesNotContain(backbone.named_modules(), m => m.name.StartsWith('_') || m.name.Contains("._"));
        Assert.Equal(22, parameters.Values.Count(p => p.dim() == 4));
        Assert.Equal(22, backbone.named_modules().Count(m => m.module is BatchNorm2d));
        // torchvision's resnet18 body (11,176,512) plus the CNTK model's third 512-channel block.
        Assert.Equal(15_897_152L, parameters.Values.Sum(p => p.numel()));
        Assert.All(parameters.Values, p => Assert.True(p.requires_grad));
        string[] expected =
        [
            "stem.conv.weight", "stem.bn.weight", "stage1.block1.conv2.weight", "stage2.block0.shortcut.conv.weight",
            "stage3.block0.conv1.weight", "stage4.block2.bn2.bias",
        ];
        Assert.All(expected, name => Assert.Contains(name, parameters.Keys));
        Assert.Contains("stage4.block2.bn2.running_var", backbone.named_buffers().Select(b => b.name));
    }

    [Fact]
    public void BodyGroupsCoverEveryParameterExactlyOnce()
    {
        Torch.Ready();
        using var backbone = BackboneRegistry.Default.Create();
        var names = backbone.named_parameters().ToDictionary(p => p.parameter.Handle, p => p.name);
        var grouped = backbone.BodyGroups.SelectMany(g => g).Select(p => p.Handle).ToList();
        Assert.Equal(names.Count, grouped.Count);
        Assert.Equal(names.Keys.ToHashSet(), grouped.ToHashSet());
        Assert.Equal(2, backbone.BodyGroups.Count);
        Assert.All(backbone.BodyGroups[0], p => Assert.Matches("^(stem|stage1|stage2)\\.", names[p.Handle]));
        Assert.All(backbone.BodyGroups[1], p => Assert.Matches("^(stage3|stage4)\\.", names[p.Handle]));
    }

    [Theory]
    [InlineData(64, 96, 2, 3)]
    [InlineData(200, 150, 7, 5)]   // odd maps inside: the recomputed same padding keeps shortcuts aligned
    [InlineData(33, 31, 2, 1)]
    public void AnyInputSizeGivesAFeatureMapOneThirtySecondTheSize(int height, int width, int mapHeight, int mapWidth)
    {
        Torch.Ready();
        using var backbone = BackboneRegistry.Default.Create();
        backbone.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var map = backbone.forward(randn(2, 3, height, width));
        Assert.Equal([2L, BackboneRegistry.Default.FeatureChannels, mapHeight, mapWidth], map.shape);
        Assert.True(map.isfinite().all().item<bool>());
    }

    [Fact]
    public void TrainingModeBackpropagatesToTheStem()
    {
        Torch.Ready();
        using var backbone = BackboneRegistry.Default.Create();
        backbone.train();
        using var scope = NewDisposeScope();
        backbone.forward(randn(2, 3, 64, 64)).mean().backward();
        var stem = backbone.named_parameters().Single(p => p.name == "stem.conv.weight").parameter;
        Assert.NotNull(stem.grad);
        Assert.True(stem.grad.abs().sum().item<float>() > 0);
        var runningMean = backbone.named_buffers().Single(b => b.name == "stem.bn.running_mean").buffer;
        Assert.True(runningMean.isfinite().all().item<bool>());
    }

    [Fact]
    public void UnknownBackboneIdListsTheKnownOnes()
    {
        var error = Assert.Throws<FewshotException>(() => BackboneRegistry.Get("vgg99"));
        Assert.Contains("resnet18", error.Message);
        Assert.Same(BackboneRegistry.Default, BackboneRegistry.Get("ResNet18"));
        Assert.Equal(224, BackboneRegistry.Default.DefaultSize);
    }

    [Fact]
    public void AGraphThatIsNotTheResNetIsRejectedClearly()
    {
        var notResNet = PretrainedFiles.ResNet18MeanImage() ?? throw Xunit.Sdk.SkipException.ForSkip("ResNetPreprocess.onnx not found");
        var error = Assert.Throws<FewshotException>(() => OnnxResNetReader.Read(notResNet, [2, 2, 2, 3], 22, 512));
        Assert.Contains("dotnet restore", error.Message);

        var garbage = Path.GetTempFileName();
        try
        {
            File.WriteAllText(garbage, "not a protobuf");
            Assert.Throws<FewshotException>(() => OnnxResNetReader.Read(garbage, [2, 2, 2, 3], 22, 512));
        }
        finally { File.Delete(garbage); }
    }
}
