using Fewshot.Data;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Reliability;

public sealed class MessyFolderTrainingTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-messy-");
    public void Dispose() => _dir.Delete(recursive: true);

    string Root => Path.Combine(_dir.FullName, "bears");

    string MessyBears()
    {
        MessyFolder.CopyBears(Root);
        var black = Path.Combine(Root, "train", "black");
        BadInputCorpus.WriteInto(black, MessyFolder.FirstPhoto(Root, "train", "black"));
        Directory.CreateDirectory(Path.Combine(Root, "train", "panda"));
        var onlyInValid = Directory.CreateDirectory(Path.Combine(Root, "valid", "polar")).FullName;
        File.Copy(MessyFolder.FirstPhoto(Root, "valid", "black"), Path.Combine(onlyInValid, "p.jpg"));
        return Root;
    }

    [Fact]
    public void Train_on_a_messy_folder_finishes_and_names_every_skipped_file_and_why()
    {
        Torch.Ready();
        var root = MessyBears();
        var model = Path.Combine(_dir.FullName, "out", "bears.fewshot");

        var (code, output) = Cli.Run("train", root, "--size", "64", "--epochs", "1", "--unfreeze-epochs", "1", "--bs", "4",
            "--out", model);

        Assert.True(code == 0, output);
        var warnings = output.Split('\n').Where(l => l.StartsWith("warning:")).ToList();
        foreach (var bad in BadInputCorpus.Skipped)
            Assert.True(warnings.Any(w => w.Contains(bad.Name) && w.Contains(bad.Reason)),
                $"no warning names '{bad.Name}' with '{bad.Reason}':\n{output}");
        foreach (var good in BadInputCorpus.Readable)
            Assert.False(warnings.Any(w => w.Contains(good)), $"{good} was skipped:\n{output}");
        foreach (var clutter in BadInputCorpus.Ignored)
            Assert.DoesNotContain(clutter, output);
        Assert.Contains(warnings, w => w.Contains(Path.Combine("black", "loop")) && w.Contains("folder link loop"));
        Assert.Contains(warnings, w => w.Contains("panda") && w.Contains("holds no images"));
        Assert.Contains(warnings, w => w.Contains("'polar'") && w.Contains("not in train"));
        // 3 classes × 5 photos, plus every unusual-but-valid file; the looped folder link adds nothing.
        Assert.Contains($"{3 * 5 + BadInputCorpus.Readable.Length} training and 6 validation photos", output);
        Assert.True(File.Exists(model));

        // predict over the same messy folder: a row per photo, errors for the bad ones, and the pixel limit applies.
        var black = Path.Combine(root, "train", "black");
        var (predictCode, predictions) = Cli.Run("predict", model, black);
        Assert.True(predictCode == 0, predictions);
        Assert.Contains(predictions.Split('\n'), l => l.Contains("bomb.png") && l.Contains("decompression bombs"));
        Assert.Contains(predictions.Split('\n'), l => l.Contains("北极熊") && !l.Contains("error"));
        Assert.Contains("folder link loop", predictions);
        Assert.Single(predictions.Split('\n'), l => l.Contains("cmyk.jpg"));
        var (limitedCode, limited) = Cli.Run("predict", model, Path.Combine(black, "cmyk.jpg"), "--max-pixels", "100");
        Assert.Equal(1, limitedCode);
        Assert.Contains("more than the limit of 100", limited);
    }

    [Fact]
    public void A_model_trained_for_no_epoch_is_exported_with_a_warning_by_train_and_export()
    {
        var root = MessyFolder.CopyBears(Root, trainPerClass: 2, validPerClass: 1);
        var model = Path.Combine(_dir.FullName, "untrained.fewshot");

        var (code, output, errors) = Cli.RunSplit("train", root, "--size", "64", "--epochs", "0", "--unfreeze-epochs", "0", "--out", model);
        Assert.True(code == 0, output + errors);
        Assert.Contains(errors.Split('\n'), l => l.StartsWith("warning:") && l.Contains("untrained"));
        Assert.DoesNotContain("warning:", output);

        var (exportCode, exported, exportErrors) = Cli.RunSplit("export", model, "--onnx", Path.ChangeExtension(model, ".onnx"));
        Assert.True(exportCode == 0, exported + exportErrors);
        Assert.Contains(exportErrors.Split('\n'), l => l.StartsWith("warning:") && l.Contains("untrained") && l.Contains(model));
        Assert.DoesNotContain("warning:", exported);
    }

    [Fact]
    public void Data_with_no_validation_photo_is_warned_about_and_prints_no_empty_confusion_matrix()
    {
        // One photo per class: the stratified split keeps each in training, so nothing is left to validate on.
        var bears = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "copied"), trainPerClass: 1, validPerClass: 0);
        var root = Directory.CreateDirectory(Root).FullName;
        foreach (var name in MessyFolder.Classes) Directory.Move(Path.Combine(bears, "train", name), Path.Combine(root, name));

        var (code, output) = Cli.Run("train", root, "--size", "64", "--epochs", "1", "--unfreeze-epochs", "0",
            "--out", Path.Combine(_dir.FullName, "m.fewshot"));

        Assert.True(code == 0, output);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("warning:") && l.Contains("no validation photo"));
        Assert.DoesNotContain("actual \\ predicted", output);
    }

    [Fact]
    public void Max_pixels_option_reaches_the_decoder()
    {
        var root = MessyFolder.CopyBears(Root, trainPerClass: 2, validPerClass: 1);

        var (code, output) = Cli.Run("train", root, "--size", "64", "--max-pixels", "100", "--out", Path.Combine(_dir.FullName, "m.fewshot"));

        Assert.Equal(1, code);
        Assert.Contains("more than the limit of 100", output);
        Assert.Contains("--max-pixels", output);
        Assert.Contains("No readable training photos", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_output_that_cannot_be_written_is_found_before_any_work(bool faces)
    {
        var root = MessyFolder.CopyBears(Root, trainPerClass: 2, validPerClass: 1);
        var notAFolder = Path.Combine(_dir.FullName, "file.txt");
        File.WriteAllText(notAFolder, "x");
        string[] args = ["train", root, "--out", Path.Combine(notAFolder, "m.fewshot"), .. faces ? new[] { "--faces" } : []];

        var (code, output) = Cli.Run(args);

        Assert.Equal(1, code);
        Assert.Contains("Cannot write", output);
        Assert.Contains("choose another place", output);
        Assert.DoesNotContain("Reading", output);
        Assert.DoesNotContain("People mode: reading", output);
    }

    [Fact]
    public void Output_options_cannot_replace_a_model_and_unwritable_reports_are_found_before_the_work()
    {
        var root = MessyFolder.CopyBears(Root, trainPerClass: 2, validPerClass: 1);
        var model = Path.Combine(_dir.FullName, "m.fewshot");
        File.WriteAllText(model, "a model, for these checks");
        // A report, plot or export named like the model is refused before anything runs.
        Assert.Equal(2, Cli.Run("train", root, "--out", model, "--report", model).ExitCode);
        Assert.Equal(2, Cli.Run("lr-find", root, "-o", model).ExitCode);
        Assert.Equal(2, Cli.Run("export", model, "--onnx", model).ExitCode);
        Assert.Equal("a model, for these checks", File.ReadAllText(model));

        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "report.html")).FullName;
        foreach (var args in new[] { new[] { "check", root, "--report", folder }, ["cv", root, "--folds", "2", "--report", folder] })
        {
            var (code, output) = Cli.Run(args);
            Assert.True(code == 1, $"{args[0]}: exit {code}\n{output}");
            Assert.Contains("it is a folder", output);
            Assert.DoesNotContain("Reading", output);
        }
    }

    [Fact]
    public void A_folder_link_up_to_an_enclosing_folder_is_skipped_not_read_as_this_class()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "makes a folder link");
        var root = MessyFolder.CopyBears(Root, trainPerClass: 2, validPerClass: 1);
        var black = Path.Combine(root, "train", "black");
        Directory.CreateSymbolicLink(Path.Combine(black, "up"), "..");
        var warnings = new List<string>();

        var files = Fewshot.Data.ImageFolder.SafeEnumerateFiles(black, warnings);

        Assert.Equal(2, files.Count);
        Assert.Contains(warnings, w => w.Contains("holds") && w.Contains("up"));
    }

    [Fact]
    public void Dataset_level_problems_exit_1_saying_what_to_fix()
    {
        var (missingCode, missing) = Cli.Run("train", Path.Combine(_dir.FullName, "nowhere"));
        Directory.CreateDirectory(Path.Combine(Root, "only-class"));
        File.Copy(MessyFolder.FirstPhoto(MessyFolder.CopyBears(Path.Combine(_dir.FullName, "src"), 1, 1), "train", "black"),
            Path.Combine(Root, "only-class", "a.jpg"));
        var (oneClassCode, oneClass) = Cli.Run("train", Root);

        Assert.Equal((1, 1), (missingCode, oneClassCode));
        Assert.Contains("does not exist", missing);
        Assert.Contains("needs at least two", oneClass);
    }

    [Fact]
    public void Unreadable_photos_are_skipped_naming_the_file_and_the_error()
    {
        // Injected: as root (CI) a chmod-000 file stays readable.
        var root = MessyFolder.CopyBears(Root, trainPerClass: 3, validPerClass: 1);
        var denied = MessyFolder.FirstPhoto(root, "train", "black");
        var broken = MessyFolder.FirstPhoto(root, "train", "teddy");
        var disk = new FaultyFileSystem { DeniedReads = [denied], BrokenReads = [broken] };

        var data = ImageData.FromFolder(root, new DataOptions { Size = 32 }, fileSystem: disk);

        Assert.Equal(7, data.Train.Count);
        Assert.DoesNotContain(data.Train, i => i.Path == denied || i.Path == broken);
        Assert.Contains(data.Warnings, w => w.Contains(denied) && w.Contains("could not be read") && w.Contains("denied"));
        Assert.Contains(data.Warnings, w => w.Contains(broken) && w.Contains("Input/output error"));
    }
}
