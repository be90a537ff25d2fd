using System.Text.RegularExpressions;
using Fewshot.Data;
using Fewshot.Export;
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

    [GeneratedRegex(@"^2\s+2\s")]
    private static partial Regex SecondUnfrozenEpochRow();

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
    public void Interrupted_training_leaves_the_previous_models_figures_alone()
    {
        Assert.SkipUnless(SignalledRun.Supported, "sends a POSIX signal");
        var root = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 4, validPerClass: 1);
        var model = Path.Combine(_dir.FullName, "m.fewshot");
        var figures = new[] { ".confusion.png", ".top-losses.png", ".preview.png" }.Select(s => Path.Combine(_dir.FullName, "m" + s)).ToList();
        File.WriteAllBytes(model, [1, 2, 3]);
        foreach (var figure in figures) File.WriteAllBytes(figure, [7, 7, 7]);

        var (code, text, signalled) = SignalledRun.Run(["train", root, "--size", "64", "--bs", "4", "--bn", "train", "--no-check",
            "--epochs", "1000", "--unfreeze-epochs", "1", "--out", model], line => FirstEpochRow().IsMatch(line));

        Assert.True(signalled, text);
        Assert.True(code == 130, $"exit code {code}:\n{text}");
        Assert.Equal([1, 2, 3], File.ReadAllBytes(model));
        foreach (var figure in figures) Assert.True(File.ReadAllBytes(figure) is [7, 7, 7], $"{figure} was overwritten:\n{text}");
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

    [Theory]
    [InlineData(SignalledRun.SigTerm, 143)]
    [InlineData(SignalledRun.SigHup, 129)]
    public void Sigterm_or_sighup_during_training_saves_what_ctrl_c_saves_and_exits_within_10_seconds(int signal, int exitCode)
    {
        Assert.SkipUnless(SignalledRun.Supported, "sends a POSIX signal");
        var root = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 4, validPerClass: 1);
        var model = Path.Combine(_dir.FullName, "m.fewshot");

        var run = SignalledRun.Send(signal, ["train", root, "--size", "64", "--bs", "4", "--no-check",
            "--epochs", "1", "--unfreeze-epochs", "1000", "--out", model], line => SecondUnfrozenEpochRow().IsMatch(line));

        Assert.True(run.Signalled, run.Output);
        Assert.True(run.ExitCode == exitCode, $"exit code {run.ExitCode}:\n{run.Output}");
        Assert.True(run.StopTime < TimeSpan.FromSeconds(10), $"stopped {run.StopTime} after signal {signal}");
        Assert.Contains("--resume", run.Output);
        var checkpoint = ResumeCheckpoint.Read(Recipe.ResumePath(model));
        Assert.Equal(2, checkpoint.Stage);
        Assert.True(checkpoint.EpochsDone >= 2, $"{checkpoint.EpochsDone} finished stage-2 epochs saved");
        Assert.False(File.Exists(model));
    }

    [Theory]
    [InlineData(SignalledRun.SigInt, 130)]
    [InlineData(SignalledRun.SigTerm, 143)]
    [InlineData(SignalledRun.SigHup, 129)]
    public void Serve_stops_on_sigint_sigterm_and_sighup_with_the_signal_exit_code(int signal, int exitCode)
    {
        Assert.SkipUnless(SignalledRun.Supported, "sends a POSIX signal");

        var run = SignalledRun.Send(signal, ["serve", "--port", "0", "--projects", Path.Combine(_dir.FullName, "projects")],
            line => line.Contains("Press Ctrl-C to stop"));

        Assert.True(run.Signalled, run.Output);
        Assert.True(run.ExitCode == exitCode, $"exit code {run.ExitCode}:\n{run.Output}");
        Assert.True(run.StopTime < TimeSpan.FromSeconds(10), $"stopped {run.StopTime} after signal {signal}");
    }

    [Fact]
    public void Train_with_resume_finishes_an_interrupted_run()
    {
        var (root, model) = InterruptedRun.Make(_dir.FullName);

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
