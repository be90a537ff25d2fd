using System.Text.Json;
using Fewshot.Cli;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Deploy;

/// <summary>`fewshot export` and `fewshot predict MODEL.onnx … --out`, run through the CLI entry point.</summary>
public sealed class PredictCommandTests(ExportedModelFixture model)
{
    string BlackBears => Path.Combine(SharedData.Dataset("bears"), "valid", "black");

    string ExportViaCli()
    {
        var onnx = Path.Combine(model.Folder, "cli.onnx");
        Assert.Equal(ExitCodes.Ok, FewshotApp.Run(["export", model.ModelPath, "--onnx", onnx]));
        return onnx;
    }

    [Fact]
    public void PredictToCsv_WritesOneRowPerFile_AndResumesWithoutDuplicates()
    {
        var onnx = ExportViaCli();
        var broken = Path.Combine(model.Folder, "unreadable.png");
        File.WriteAllBytes(broken, [1, 2, 3]);
        var csv = Path.Combine(model.Folder, "results.csv");
        string[] args = ["predict", onnx, BlackBears, broken, "--out", csv, "--bs", "8"];
        var photos = Directory.GetFiles(BlackBears).Length;

        Assert.Equal(ExitCodes.Ok, FewshotApp.Run(args));
        var complete = File.ReadAllLines(csv);
        Assert.Equal("file,label,probability,prob_black,prob_grizzly,prob_teddy,error,model", complete[0]);
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(onnx)))[..16];
        Assert.All(complete[1..], row => Assert.EndsWith("," + fingerprint, row));
        Assert.Equal(photos + 2, complete.Length);
        Assert.Contains(complete, line => line.StartsWith(broken + ",,,,,,") && line.Length > broken.Length + 7);

        // Interrupted run: the last rows are missing and the last one is half written.
        File.WriteAllText(csv, string.Join("\n", complete[..^5]) + "\n" + complete[^5][..10]);
        Assert.Equal(ExitCodes.Ok, FewshotApp.Run(args));

        var resumed = File.ReadAllLines(csv);
        Assert.Equal(complete.Length, resumed.Length);
        Assert.Equal(complete.Order(), resumed.Order());
    }

    [Theory]
    [InlineData("two.csv", "id,value\n1,2")]
    [InlineData("notes.csv", "a one-line note without a line ending")]
    [InlineData("other-model.csv", "file,label,probability,prob_cat,prob_dog,error\nx.jpg,cat,0.9,0.9,0.1,")]
    [InlineData("notes.json", "{\"note\": \"not a results row\"}\n{\"note\": 2}")]
    public void An_existing_out_file_is_left_untouched_unless_it_is_this_commands_results(string name, string content)
    {
        var path = Path.Combine(model.Folder, name);
        File.WriteAllText(path, content);

        var (code, output) = Reliability.Cli.Run("predict", model.OnnxPath, model.Photos[0], "--out", path);

        Assert.True(code == ExitCodes.Failed, $"exit code {code}:\n{output}");
        Assert.Contains(path, output);
        Assert.Contains("delete the file", output);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("by-model.csv")]
    [InlineData("by-model.json")]
    public void Resuming_predict_out_with_another_model_of_the_same_classes_is_refused(string name)
    {
        var (manifest, weights) = Fewshot.Export.ModelFile.Read(model.ModelPath);
        var another = Path.Combine(model.Folder, "another.fewshot");
        Fewshot.Export.ModelFile.Write(another, manifest with { Training = null }, weights);
        var results = Path.Combine(model.Folder, name);
        File.Delete(results);
        Assert.Equal(ExitCodes.Ok, FewshotApp.Run(["predict", model.ModelPath, model.Photos[0], "--out", results]));
        var written = File.ReadAllText(results);

        var (code, output) = Reliability.Cli.Run("predict", another, model.Photos[0], model.Photos[1], "--out", results);

        Assert.True(code == ExitCodes.Failed, $"exit code {code}:\n{output}");
        Assert.Contains("another model", output);
        Assert.Equal(written, File.ReadAllText(results));
        Assert.Equal(ExitCodes.Ok, FewshotApp.Run(["predict", model.ModelPath, model.Photos[0], model.Photos[1], "--out", results]));
    }

    [Fact]
    public void Overlapping_paths_give_each_photo_one_row()
    {
        var folder = Path.Combine(model.Folder, "overlap");
        var sub = Directory.CreateDirectory(Path.Combine(folder, "sub")).FullName;
        File.Copy(model.Photos[0], Path.Combine(folder, "a.jpg"), overwrite: true);
        File.Copy(model.Photos[1], Path.Combine(sub, "b.jpg"), overwrite: true);

        var (code, output) = Reliability.Cli.Run("predict", model.OnnxPath, folder, sub, Path.Combine(sub, "b.jpg"), sub + "/");

        Assert.True(code == ExitCodes.Ok, output);
        Assert.Single(output.Split('\n'), l => l.Contains("a.jpg\t"));
        Assert.Single(output.Split('\n'), l => l.Contains("b.jpg\t"));
    }

    [Fact]
    public void PredictToJson_WritesJsonLinesWithProbabilities()
    {
        var json = Path.Combine(model.Folder, "results.json");
        Assert.Equal(ExitCodes.Ok, FewshotApp.Run(["predict", model.OnnxPath, model.Photos[0], model.Photos[^1], "--out", json, "--tta"]));
        var rows = File.ReadAllLines(json).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([model.Photos[0], model.Photos[^1]], rows.Select(r => r.GetProperty("file").GetString()));
        foreach (var row in rows)
            Assert.Equal(1.0, row.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 1e-5);
    }

    [Fact]
    public void PredictToFile_AlsoDrawsWhenAskedTo()
    {
        var csv = Path.Combine(model.Folder, "drawn.csv");
        var drawn = Path.Combine(model.Folder, "drawn");
        Assert.Equal(ExitCodes.Ok, FewshotApp.Run(["predict", model.ModelPath, model.Photos[0], model.Photos[^1], "--out", csv, "--draw", drawn]));
        Assert.Equal(3, File.ReadAllLines(csv).Length);
        Assert.Equal(2, Directory.GetFiles(drawn).Length);
    }

    [Fact]
    public void MistypedOptions_NaNThresholds_EmptyFolders_AndUnusableDrawFolders_AreClearErrors()
    {
        Assert.Equal(ExitCodes.BadArguments, FewshotApp.Run(["predict", model.ModelPath, model.Photos[0], "--thresold", "0.9"]));
        Assert.Equal(ExitCodes.BadArguments, FewshotApp.Run(["predict", model.ModelPath, model.Photos[0], "--threshold", "NaN"]));
        var empty = Directory.CreateDirectory(Path.Combine(model.Folder, "empty")).FullName;
        var (code, output) = Reliability.Cli.Run("predict", model.ModelPath, empty);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("No photos found", output);
        var file = Path.Combine(model.Folder, "not-a-folder.txt");
        File.WriteAllText(file, "x");
        (code, output) = Reliability.Cli.Run("predict", model.ModelPath, model.Photos[0], "--draw", file);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("--draw", output);
    }

    [Fact]
    public void WithJson_AnErrorGoesToTheErrorStream_AndStdoutStaysEmpty()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        static Spectre.Console.IAnsiConsole ConsoleOn(TextWriter writer) => Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            { Ansi = Spectre.Console.AnsiSupport.No, Out = new Spectre.Console.AnsiConsoleOutput(writer) });

        var code = FewshotApp.Run(["predict", model.ModelPath, Path.Combine(model.Folder, "missing.jpg"), "--json", "--thresold", "1"],
            ConsoleOn(output), ConsoleOn(errors));

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Equal("", output.ToString());
        Assert.Contains("thresold", errors.ToString());
    }

    [Fact]
    public void CudaWithATorchSharpModel_IsABadRequestNotACrash()
    {
        Assert.Equal(ExitCodes.Failed, FewshotApp.Run(["predict", model.ModelPath, model.Photos[0], "--device", "cuda"]));
        Assert.Equal(ExitCodes.BadArguments, FewshotApp.Run(["predict", model.OnnxPath, model.Photos[0], "--out", "x.txt"]));
    }
}
