using System.Text.RegularExpressions;
using Fewshot.Data;
using Fewshot.Models;
using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.Reliability;

public sealed partial class InterruptTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-interrupt-");
    public void Dispose() => _dir.Delete(recursive: true);

    [GeneratedRegex(@"^1\s+1\s")]
    private static partial Regex FirstEpochRow();

    [Fact]
    public void Sigint_during_training_saves_a_resume_checkpoint_and_says_how_to_resume()
    {
        Assert.SkipUnless(SignalledRun.Supported, "sends a POSIX signal");
        var root = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 4, validPerClass: 1);
        var model = Path.Combine(_dir.FullName, "m.fewshot");
        // Far more epochs than can run before the signal arrives: only Ctrl-C ends this run early.
        var (code, text, signalled) = SignalledRun.Run(["train", root, "--size", "64", "--bs", "4", "--bn", "train",
            "--epochs", "1000", "--unfreeze-epochs", "1", "--out", model], line => FirstEpochRow().IsMatch(line));

        Assert.True(signalled, text);
        Assert.True(code == 130, $"exit code {code}:\n{text}");
        Assert.Contains("Stopping after this batch", text);
        Assert.Contains("--resume", text);
        Assert.True(File.Exists(Recipe.ResumePath(model)), text);
        Assert.Equal(1, ResumeCheckpoint.Read(Recipe.ResumePath(model)).Stage);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Sigint_while_the_frozen_stage_computes_its_features_saves_a_resume_checkpoint()
    {
        Assert.SkipUnless(SignalledRun.Supported, "sends a POSIX signal");
        var root = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 8, validPerClass: 2);
        var model = Path.Combine(_dir.FullName, "m.fewshot");
        // The table header is printed before the model is built, so the signal arrives before the cached features are complete.
        var (code, text, signalled) = SignalledRun.Run(["train", root, "--size", "64", "--bs", "4", "--no-check",
            "--epochs", "2", "--unfreeze-epochs", "0", "--out", model], line => line.StartsWith("stage"));

        Assert.True(signalled, text);
        Assert.True(code == 130, $"exit code {code}:\n{text}");
        Assert.DoesNotContain("Exception", text);
        var checkpoint = ResumeCheckpoint.Read(Recipe.ResumePath(model));
        Assert.Equal((1, 0), (checkpoint.Stage, checkpoint.EpochsDone));
        Assert.False(File.Exists(model));

        var (resumed, output) = Cli.Run("train", root, "--out", model, "--resume");
        Assert.True(resumed == 0, output);
        Assert.Matches(@"(?m)^1\s+1\s", output);
        Assert.True(File.Exists(model));
    }

    [Fact]
    public void Train_with_resume_finishes_an_interrupted_run()
    {
        Torch.Ready();
        var root = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 4, validPerClass: 1);
        var model = Path.Combine(_dir.FullName, "m.fewshot");
        var options = new RecipeOptions
        {
            Data = new DataOptions { Size = 64, BatchSize = 4 }, FrozenEpochs = 2, UnfrozenEpochs = 0, Output = model,
        };
        var data = ImageData.FromFolder(root, options.Data, BackboneRegistry.Default.Preprocessing);
        using var interrupt = new CancellationTokenSource();
        using (var first = Recipe.Run(data, options, l => l.EpochEnded += _ => interrupt.Cancel(), interrupt.Token))
            Assert.True(first.Cancelled);

        var (code, output) = Cli.Run("train", root, "--out", model, "--resume");

        Assert.True(code == 0, output);
        Assert.Contains("Resuming stage 1 at epoch 2", output);
        Assert.Matches(@"(?m)^1\s+2\s", output);
        Assert.DoesNotMatch(@"(?m)^1\s+1\s", output);
        Assert.True(File.Exists(model));
        Assert.False(File.Exists(Recipe.ResumePath(model)));

        var (again, nothing) = Cli.Run("train", root, "--out", model, "--resume");
        Assert.Equal(1, again);
        Assert.Contains("nothing to resume", nothing);
    }
}
