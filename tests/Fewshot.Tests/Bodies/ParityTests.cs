using Fewshot.Models;
using Fewshot.Tests.Support;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fewshot.Tests.Bodies;

/// <summary>Each torchvision body loads PyTorch's state_dict by name and computes what PyTorch computes.</summary>
public sealed class ParityTests
{
    public ParityTests() => Torch.Ready();

    static Tensor Reference(string name) => Safetensors.LoadStateDict(Path.Combine(TorchvisionFixtures.Folder, "reference.safetensors"))[name];

    static double RelativeError(Backbone body, string architecture)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        body.eval();
        var expected = Reference(architecture);
        var actual = body.call(Reference("input"));
        Assert.Equal(expected.shape, actual.shape);
        return (actual - expected).abs().max().item<float>() / (double)expected.abs().max().item<float>();
    }

    [Theory]
    [MemberData(nameof(TorchvisionFixtures.Bodies), MemberType = typeof(TorchvisionFixtures))]
    public void Body_MatchesPyTorch_OnItsStateDict(string id, string architecture)
    {
        var info = BackboneRegistry.Get(id).WithWeights(TorchvisionFixtures.Weights(architecture));
        using var body = info.Create();
        var error = RelativeError(body, architecture);
        TestContext.Current.TestOutputHelper?.WriteLine($"{id}: max |fewshot − pytorch| / max |pytorch| = {error:E2}");
        Assert.True(error < 1e-4, $"{id} differs from PyTorch by {error:E2} relative");
        using var untrained = info.CreateArchitecture();
        Assert.True(RelativeError(untrained, architecture) > 0.1, "the weights made no difference: the comparison proves nothing");
    }

    [Fact]
    public void Safetensors_LoadAsTheSameStateDict()
    {
        var info = BackboneRegistry.Get("efficientnet_b0").WithWeights(Path.Combine(TorchvisionFixtures.Folder, "efficientnet_b0.safetensors"));
        using var body = info.Create();
        Assert.True(RelativeError(body, "efficientnet_b0") < 1e-4);
    }

    [Theory]
    [InlineData("resnet50", "resnet34", "layer1.0.conv1.weight: expected [64, 64, 1, 1], found [64, 64, 3, 3]")]
    [InlineData("resnet34", "resnet18", "layer1.2.conv1.weight: expected [64, 64, 3, 3], missing")]
    [InlineData("resnet18_tv", "resnet34", "layer1.2.bn1.bias: not in resnet18_tv, found [64]")]
    [InlineData("mobilenet_v3_large", "efficientnet_b0", "features.0.0.weight: expected [16, 3, 3, 3], found [32, 3, 3, 3]")]
    public void MismatchingFile_IsRefused_NamingTheFirstTensorsThatDiffer(string id, string fileOf, string firstDifference)
    {
        var info = BackboneRegistry.Get(id).WithWeights(TorchvisionFixtures.Weights(fileOf));
        var error = Assert.Throws<FewshotException>(() => info.Create().Dispose());
        Assert.Contains(firstDifference, error.Message);
        Assert.Contains("does not hold " + id + "'s weights", error.Message);
    }

    [Fact]
    public void OldNonZipFile_IsRefused_SayingHowToResaveIt()
    {
        var info = BackboneRegistry.Get("resnet18_tv").WithWeights(Path.Combine(TorchvisionFixtures.Folder, "resnet18-legacy.pth"));
        var error = Assert.Throws<FewshotException>(() => info.Create().Dispose());
        Assert.Contains("old (non-zip) format", error.Message);
        Assert.Contains("torch.save(torch.load(", error.Message);
    }

    [Fact]
    public void FileThatIsNotWeights_IsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fewshot-not-weights-{Guid.NewGuid():N}.pth");
        File.WriteAllText(path, "these are not weights");
        try
        {
            var error = Assert.Throws<FewshotException>(() => BackboneRegistry.Get("resnet34").WithWeights(path).Create().Dispose());
            Assert.Contains("neither a PyTorch state_dict", error.Message);
            File.WriteAllBytes(path, [(byte)'P', (byte)'K', 3, 4, 0, 0, 0]);
            error = Assert.Throws<FewshotException>(() => BackboneRegistry.Get("resnet34").WithWeights(path).Create().Dispose());
            Assert.Contains("could not be read as a PyTorch state_dict", error.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CntkBody_TakesNoWeightsFile()
    {
        var error = Assert.Throws<FewshotException>(() => BackboneRegistry.Default.WithWeights("any.pth"));
        Assert.Contains("resnet18_tv", error.Message);
    }
}
