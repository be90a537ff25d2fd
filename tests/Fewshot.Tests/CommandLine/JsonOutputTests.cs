using System.Reflection;
using System.Text.Json;
using Fewshot.Cli;
using Fewshot.Tests.Deploy;

namespace Fewshot.Tests.CommandLine;

using Cli = Fewshot.Tests.Reliability.Cli;

/// <summary>
/// --json on every command that reports results: exactly one JSON document on standard output (JsonDocument.Parse
/// refuses anything after it), the human-readable text on standard error.
/// </summary>
public sealed class JsonOutputTests(ExportedModelFixture model) : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-json-");
    public void Dispose() => _dir.Delete(recursive: true);

    string Bears() => Reliability.MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 4, validPerClass: 2);

    static JsonElement Json(params string[] args)
    {
        var (code, output, errors) = Cli.RunSplit(args);
        Assert.True(code == ExitCodes.Ok, $"exit {code}:\n{output}\n{errors}");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Info()
    {
        var json = Json("info", "--json");

        var version = typeof(FewshotApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal(version, json.GetProperty("version").GetString());
        Assert.True(json.GetProperty("threads").GetInt32() >= 1);
        Assert.Contains("resnet18", Strings(json.GetProperty("backbones")));
    }

    [Fact]
    public void Export()
    {
        var onnx = Path.Combine(_dir.FullName, "bears.onnx");

        var json = Json("export", model.ModelPath, "--onnx", onnx, "--json");

        Assert.Equal(onnx, json.GetProperty("onnx").GetString());
        Assert.Equal(["black", "grizzly", "teddy"], Strings(json.GetProperty("classes")));
        Assert.Equal(64, json.GetProperty("size").GetInt32());
        Assert.Equal("uint8", json.GetProperty("inputType").GetString());
        Assert.True(File.Exists(onnx));
    }

    [Fact]
    public void Interpret()
    {
        var json = Json("interpret", model.ModelPath, Bears(), "--json", "-o", Path.Combine(_dir.FullName, "figures") + "/");

        var accuracy = json.GetProperty("accuracy");
        Assert.Equal(6, accuracy.GetProperty("total").GetInt32());
        Assert.InRange(accuracy.GetProperty("low95").GetDouble(), 0, accuracy.GetProperty("value").GetDouble());
        Assert.Equal(["black", "grizzly", "teddy"], json.GetProperty("perClass").EnumerateArray().Select(c => c.GetProperty("class").GetString()));
        Assert.Equal(6, json.GetProperty("topLosses").GetArrayLength());
        Assert.All(Strings(json.GetProperty("files")), file => Assert.True(File.Exists(file), file));
    }

    [Fact]
    public void LrFind()
    {
        var plot = Path.Combine(_dir.FullName, "lr.png");

        var json = Json("lr-find", Bears(), "--size", "64", "--steps", "20", "--json", "-o", plot);

        Assert.True(json.GetProperty("suggested").GetDouble() > 0);
        Assert.Equal(json.GetProperty("rates").GetArrayLength(), json.GetProperty("losses").GetArrayLength());
        Assert.Equal(plot, json.GetProperty("plot").GetString());
    }

    [Fact]
    public void Cv()
    {
        var json = Json("cv", Bears(), "--size", "64", "--folds", "2", "--json");

        var recipe = Assert.Single(json.GetProperty("recipes").EnumerateArray());
        Assert.Equal("frozen", recipe.GetProperty("name").GetString());
        Assert.Equal(18, recipe.GetProperty("accuracy").GetProperty("total").GetInt32());
        Assert.Equal(10, recipe.GetProperty("highestLoss").GetArrayLength());
    }

    [Fact]
    public void Train_prints_its_document_on_standard_output_and_its_tables_on_standard_error()
    {
        var (code, output, errors) = Cli.RunSplit("train", Bears(), "--size", "64", "--epochs", "1", "--unfreeze-epochs", "0", "--json",
            "--out", Path.Combine(_dir.FullName, "bears.fewshot"));

        Assert.True(code == ExitCodes.Ok, output + errors);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(6, json.RootElement.GetProperty("validTotal").GetInt32());
        Assert.Contains("train_loss", errors);
    }
}
