using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Tests.Support;
using Fewshot.Models;
using Fewshot.Training;

namespace Fewshot.Tests.Reliability;

public sealed class ResumeTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-resume-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Resume_refuses_options_that_disagree_with_the_interrupted_run_and_other_photos()
    {
        var (root, model) = InterruptedRun.Make(_dir.FullName);
        var checkpoint = File.ReadAllBytes(Recipe.ResumePath(model));

        var (code, output) = Cli.Run("train", root, "--out", model, "--resume", "--size", "128", "--epochs", "5");
        Assert.True(code == 2, $"exit code {code}:\n{output}");
        Assert.Contains("--size 128 (the run used 64)", output);
        Assert.Contains("--epochs 5 (the run used 2)", output);

        (code, output) = Cli.Run("train", root, "--out", model, "--resume", "--lr", "auto");
        Assert.True(code == 2, $"exit code {code}:\n{output}");
        Assert.Contains("--lr auto", output);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "m.lr-find.png")), "the finder ran again");

        var other = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "other bears"), trainPerClass: 3, validPerClass: 1);
        (code, output) = Cli.Run("train", other, "--out", model, "--resume");
        Assert.True(code == 1, $"exit code {code}:\n{output}");
        Assert.Contains("other photos", output);
        Assert.Equal(checkpoint, File.ReadAllBytes(Recipe.ResumePath(model)));

        // Options that agree with the run are accepted, and a moved folder is the same data.
        var moved = Path.Combine(_dir.FullName, "moved bears");
        Directory.Move(root, moved);
        (code, output) = Cli.Run("train", moved, "--out", model, "--resume", "--size", "64", "--epochs", "2");
        Assert.True(code == 0, output);
        Assert.True(File.Exists(model));
    }
}
