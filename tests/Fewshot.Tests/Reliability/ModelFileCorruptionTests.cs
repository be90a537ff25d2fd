using System.IO.Compression;
using System.Text;
using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Models;
using Fewshot.Predictors;
using Fewshot.Tests.Imaging;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Reliability;

public sealed class ModelFileCorruptionTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-badmodel-");
    public void Dispose() => _dir.Delete(recursive: true);

    string PathOf(string name) => Path.Combine(_dir.FullName, name);

    static ModelManifest Manifest(params string[] classes) => new()
    {
        Backbone = "resnet18",
        Classes = classes,
        Input = new InputSpec(64, ResizeMethod.Crop, ChannelOrder.Bgr, [1, 2, 3], [1, 1, 1], 1.25),
        Weights = new WeightsEntry("", "", 0),
    };

    static string Unusable(string path) =>
        Assert.Throws<FewshotException>(() => { using var _ = Predictor.Load(path); }).Message;

    [Fact]
    public void A_file_that_is_not_a_zip_is_a_clear_error()
    {
        var jpeg = PathOf("photo.fewshot");
        File.WriteAllBytes(jpeg, File.ReadAllBytes(TestImages.Fixture("halves64.jpg")));
        var empty = PathOf("empty.fewshot");
        File.WriteAllBytes(empty, []);

        Assert.Contains("not a usable Fewshot model", Unusable(jpeg));
        Assert.Contains("not a usable Fewshot model", Unusable(empty));
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("null")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"format\": \"fewshot-model\", \"formatVersion\": 1}")]
    [InlineData("{\"format\": \"something-else\", \"formatVersion\": 1, \"backbone\": \"resnet18\", \"classes\": [\"a\"], " +
                "\"input\": {\"size\": 64}, \"weights\": {\"entry\": \"weights.bin\", \"sha256\": \"\", \"bytes\": 0}}")]
    public void A_zip_with_a_garbage_manifest_is_a_clear_error(string manifestJson)
    {
        var path = PathOf("garbage.fewshot");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("manifest.json").Open())
            entry.Write(Encoding.UTF8.GetBytes(manifestJson));

        Assert.Contains("not a usable Fewshot model", Unusable(path));
    }

    static readonly Lazy<byte[]> TwoClassWeights = new(() =>
    {
        Torch.Ready();
        using var model = new ClassifierNetwork(BackboneRegistry.Default.Create(), 2);
        return ModelWeights.ToBytes(model);
    });

    [Theory]
    [InlineData("input.size", "0")]
    [InlineData("input.size", "-64")]
    [InlineData("input.size", "100000")]
    [InlineData("input.std", "[0, 0, 0]")]
    [InlineData("input.mean", "[1, 2]")]
    [InlineData("input.decodeScale", "0")]
    [InlineData("classes", "null")]
    [InlineData("classes", "[\"a\", \"a\"]")]
    [InlineData("formatVersion", "-1")]
    public void A_damaged_manifest_is_one_clear_error_in_predict_export_and_interpret(string field, string json)
    {
        var path = PathOf("edited.fewshot");
        ModelFile.Write(path, Manifest("a", "b"), TwoClassWeights.Value);
        ZipJsonEntry.Edit(path, "manifest.json", field, json);
        var photo = TestImages.Fixture("halves64.jpg");
        var onnx = PathOf("edited.onnx");

        foreach (var args in new[] { ["predict", path, photo], ["export", path, "--onnx", onnx], new[] { "interpret", path, _dir.FullName } })
        {
            var (code, output) = Cli.Run(args);
            Assert.True(code == 1, $"{args[0]}: exit code {code}:\n{output}");
            Assert.Contains("is a damaged model", output);
            Assert.Contains(field, output);
        }
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void Unknown_backbone_names_the_known_ones()
    {
        var path = PathOf("m.fewshot");
        ModelFile.Write(path, Manifest("a", "b") with { Backbone = "resnet9000" }, [1, 2, 3]);

        var message = Unusable(path);

        Assert.Contains("resnet9000", message);
        Assert.Contains("resnet18", message);
    }

    [Fact]
    public void Weights_for_another_class_count_or_garbage_weights_are_a_clear_error_not_a_crash()
    {
        Torch.Ready();
        byte[] threeClasses;
        using (var model = new ClassifierNetwork(BackboneRegistry.Default.Create(), 3))
            threeClasses = ModelWeights.ToBytes(model);
        var wrongCount = PathOf("two-classes.fewshot");
        ModelFile.Write(wrongCount, Manifest("a", "b"), threeClasses);
        var garbage = PathOf("garbage-weights.fewshot");
        var junk = new byte[100_000];
        new Random(5).NextBytes(junk);
        ModelFile.Write(garbage, Manifest("a", "b"), junk);
        var cut = PathOf("cut-weights.fewshot");
        ModelFile.Write(cut, Manifest("a", "b", "c"), threeClasses[..(threeClasses.Length / 2)]);

        Assert.Contains("number of classes", Unusable(wrongCount));
        Assert.Contains("do not fit", Unusable(garbage));
        Assert.Contains("do not fit", Unusable(cut));
    }
}
