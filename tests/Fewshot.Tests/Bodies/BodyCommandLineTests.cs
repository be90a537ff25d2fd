using System.Text.Json;
using Fewshot.Cli;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Bodies;

using Cli = Fewshot.Tests.Reliability.Cli;

/// <summary>The bodies on the command line: --backbone and --weights, setup backbone, info.</summary>
public sealed class BodyCommandLineTests
{
    [Theory]
    [InlineData("--backbone", "resnet18", "--weights", "w.pth")]
    [InlineData("--backbone", "vgg16")]
    [InlineData("--faces", "--backbone", "resnet34", "--weights", "w.pth")]
    public void Train_RefusesABodyItCannotUse_AsABadArgument(params string[] options)
    {
        var (code, _, errors) = Cli.RunSplit(["train", "photos/", .. options]);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Matches("--weights is for|Unknown backbone 'vgg16'. Known backbones: resnet18, resnet18_tv, resnet34", errors);
    }

    [Theory]
    [InlineData("backbone")]
    [InlineData("backbone", "resnet18")]
    [InlineData("backbone", "vgg16")]
    [InlineData("faces", "resnet34")]
    public void SetupBackbone_NeedsABodyWithWeightsToInstall(params string[] arguments)
    {
        var (code, _, errors) = Cli.RunSplit(["setup", .. arguments]);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains(arguments.Length == 2 && arguments[0] == "faces" ? "takes no NAME" : "resnet18_tv, resnet34, resnet50", errors);
    }

    [Fact]
    public void SetupBackbone_From_RefusesAFileThatIsNotTorchvisions()
    {
        var (code, _, errors) = Cli.RunSplit("setup", "backbone", "resnet34", "--from", TorchvisionFixtures.Weights("resnet34"));
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("is not torchvision's resnet34-b627a593.pth", errors);
        Assert.Contains("It was not installed", errors);
    }

    [Fact]
    public void Info_ListsEveryBody_AndItsWeights()
    {
        var (code, output, errors) = Cli.RunSplit("info", "--json");
        Assert.True(code == 0, errors);
        using var json = JsonDocument.Parse(output);
        var bodies = json.RootElement.GetProperty("bodies").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!);
        Assert.Equal(["resnet18", "resnet18_tv", "resnet34", "resnet50", "efficientnet_b0", "mobilenet_v3_large"], bodies.Keys);
        Assert.EndsWith("ResNet18.onnx", bodies["resnet18"].GetProperty("weights").GetString());
        Assert.Equal(73.314, bodies["resnet34"].GetProperty("imagenetTop1").GetDouble());
        var resnet50 = bodies["resnet50"];
        Assert.True(resnet50.GetProperty("weights").ValueKind == JsonValueKind.Null
                    ? resnet50.GetProperty("install").GetString() == "fewshot setup backbone resnet50"
                    : resnet50.GetProperty("weights").GetString()!.EndsWith("resnet50-11ad3fa6.pth"));
    }
}
