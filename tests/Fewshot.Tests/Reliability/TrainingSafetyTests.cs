using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.Reliability;

public sealed class TrainingSafetyTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-safety-");
    public void Dispose() => _dir.Delete(recursive: true);

    string Output => Path.Combine(_dir.FullName, "m.fewshot");

    static ImageData Bears() => TestData.Load(TestData.Subset("bears", 6, 2), new DataOptions { Size = 64, BatchSize = 4 });

    [Fact]
    public void Interrupted_frozen_stage_saves_a_resume_checkpoint_and_resuming_continues_the_schedule()
    {
        Torch.Ready();
        var data = Bears();
        var options = new RecipeOptions { FrozenEpochs = 3, UnfrozenEpochs = 1, Output = Output };
        using var interrupt = new CancellationTokenSource();

        using (var first = Recipe.Run(data, options, l => l.EpochEnded += e => { if (e.Epoch == 1) interrupt.Cancel(); }, interrupt.Token))
        {
            Assert.True(first.Cancelled);
            Assert.Equal([Recipe.ResumePath(Output)], first.WrittenFiles);
        }
        Assert.False(File.Exists(Output), "an interrupted run must not export a half-trained model");
        var checkpoint = ResumeCheckpoint.Read(Recipe.ResumePath(Output));
        Assert.Equal((1, 1), (checkpoint.Stage, checkpoint.EpochsDone));
        Assert.Equal(data.Classes, checkpoint.Classes);
        Assert.Equal(3, checkpoint.Options.FrozenEpochs);
        Assert.NotNull(checkpoint.OptimizerState);

        var steps = new List<StepRecord>();
        using var resumed = Recipe.Run(data, checkpoint.Options, l => l.Stepped += steps.Add, resume: checkpoint);

        Assert.False(resumed.Cancelled);
        Assert.Equal([(1, 1), (1, 2), (1, 3), (2, 1)], resumed.Learner.History.Select(e => (e.Stage, e.Epoch)));
        // The one-cycle schedule picks up at epoch 2 of 3, where the interrupted run left it.
        int perEpoch = data.TrainBatchCount;
        Assert.Equal(perEpoch, steps[0].Step);
        var schedule = new OneCycleSchedule(3 * perEpoch, 0.3, 25, 1e4);
        Assert.Equal(3e-3 * schedule.LearningRateFactor(perEpoch), steps[0].LearningRates[^1], 1e-12);
        Assert.True(File.Exists(Output));
        Assert.True(File.Exists(Recipe.CheckpointPath(Output, 2)));
        Assert.False(File.Exists(Recipe.ResumePath(Output)), "a finished run leaves no stale resume checkpoint");
        Assert.Equal(4, ModelFile.Read(Output).Manifest.Training!.Epochs.Count);
    }

    [Fact]
    public void Interrupted_unfrozen_stage_resumes_in_the_unfrozen_stage()
    {
        Torch.Ready();
        var data = Bears();
        var options = new RecipeOptions { FrozenEpochs = 1, UnfrozenEpochs = 2, Output = Output };
        using var interrupt = new CancellationTokenSource();

        using (var first = Recipe.Run(data, options, l => l.BatchEnded += _ => { if (!l.IsFrozen) interrupt.Cancel(); }, interrupt.Token))
            Assert.True(first.Cancelled);
        var checkpoint = ResumeCheckpoint.Read(Recipe.ResumePath(Output));
        Assert.Equal((2, 0), (checkpoint.Stage, checkpoint.EpochsDone));

        bool? frozenWhenTraining = null;
        using var resumed = Recipe.Run(data, checkpoint.Options,
            l => l.BatchEnded += _ => frozenWhenTraining ??= l.IsFrozen, resume: checkpoint);

        Assert.False(frozenWhenTraining);
        Assert.Equal([(1, 1), (2, 1), (2, 2)], resumed.Learner.History.Select(e => (e.Stage, e.Epoch)));

        // The stage continues with the interrupted optimiser's moments: without them it ends elsewhere.
        Assert.NotNull(checkpoint.OptimizerState);
        using var fresh = Recipe.Run(data, checkpoint.Options with { Output = null }, resume: checkpoint with { OptimizerState = null });
        float[] Head(RecipeResult r) => r.Learner.Model.head.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.NotEqual(Head(fresh), Head(resumed));
    }

    [Fact]
    public void An_interrupted_epoch_is_neither_validated_nor_reported_so_stopping_takes_one_batch()
    {
        Torch.Ready();
        var options = new RecipeOptions { FrozenEpochs = 2, UnfrozenEpochs = 1, Output = Output };
        using var interrupt = new CancellationTokenSource();
        var reported = new List<EpochResult>();

        using var result = Recipe.Run(Bears(), options, l =>
        {
            l.BatchEnded += _ => interrupt.Cancel();
            l.EpochEnded += reported.Add;
        }, interrupt.Token);

        Assert.True(result.Cancelled);
        Assert.Empty(reported);
        Assert.Equal(0, result.Validation.Accuracy.Total);
        Assert.Equal((1, 0), (ResumeCheckpoint.Read(Recipe.ResumePath(Output)).Stage, ResumeCheckpoint.Read(Recipe.ResumePath(Output)).EpochsDone));
    }

    [Fact]
    public void A_second_training_to_the_same_out_is_refused_while_the_first_holds_its_lock()
    {
        var root = MessyFolder.CopyBears(Path.Combine(_dir.FullName, "bears"), trainPerClass: 2, validPerClass: 1);
        string[] train = ["train", root, "--size", "64", "--bs", "2", "--epochs", "1", "--unfreeze-epochs", "0", "--out", Output];
        var lockFile = Path.Combine(_dir.FullName, ".m.fewshot.lock");

        // What a running `fewshot train --out m.fewshot` holds: its lock file beside the output, open exclusively.
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (code, output) = Cli.Run(train);
            Assert.True(code == 1, $"exit code {code}:\n{output}");
            Assert.Contains("Another run is writing", output);
            Assert.Contains(Output, output);
            Assert.False(File.Exists(Output));
        }

        var (after, text) = Cli.Run(train);
        Assert.True(after == 0, text);
        Assert.True(File.Exists(Output));
        Assert.False(File.Exists(lockFile), "the lock is removed when the run ends");
    }

    [Fact]
    public void Full_disk_while_saving_keeps_the_previous_checkpoint()
    {
        Torch.Ready();
        var previous = Recipe.ResumePath(Output);
        File.WriteAllBytes(previous, [1, 2, 3]);
        var options = new RecipeOptions
        {
            FrozenEpochs = 2, UnfrozenEpochs = 0, Output = Output, FileSystem = new FaultyFileSystem { WriteLimit = 64 * 1024 },
        };
        using var interrupt = new CancellationTokenSource();

        var error = Assert.Throws<FewshotException>(() =>
            Recipe.Run(Bears(), options, l => l.BatchEnded += _ => interrupt.Cancel(), interrupt.Token));

        Assert.Contains("No space left on device", error.Message);
        Assert.Contains("previous file, if any, is unchanged", error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(previous));
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp"));
    }

    [Fact]
    public void Permission_denied_on_the_output_folder_is_a_clear_error_and_keeps_the_previous_model()
    {
        Torch.Ready();
        File.WriteAllBytes(Output, [9, 9]);
        var options = new RecipeOptions { FrozenEpochs = 1, UnfrozenEpochs = 0, Output = Output, FileSystem = new FaultyFileSystem { DeniedWrites = true } };

        var error = Assert.Throws<FewshotException>(() => Recipe.Run(Bears(), options));

        Assert.Contains(Recipe.CheckpointPath(Output, 1), error.Message);
        Assert.Contains("permissions", error.Message);
        Assert.Equal([9, 9], File.ReadAllBytes(Output));
    }

    [Fact]
    public void Diverging_loss_stops_with_advice_and_saves_nothing()
    {
        Torch.Ready();
        var options = new RecipeOptions
        {
            FrozenEpochs = 2, UnfrozenEpochs = 0, Output = Output, FrozenLearningRate = LearningRates.Constant(1e30),
        };

        var error = Assert.Throws<FewshotException>(() => Recipe.Run(Bears(), options));

        Assert.Contains("lower --lr", error.Message);
        Assert.Empty(Directory.GetFiles(_dir.FullName));
    }

    [Fact]
    public void Resume_checkpoint_that_is_missing_or_corrupted_is_a_clear_error()
    {
        var path = Recipe.ResumePath(Output);
        Assert.Contains("nothing to resume", Assert.Throws<FewshotException>(() => ResumeCheckpoint.Read(path)).Message);

        new ResumeCheckpoint(1, 1, new RecipeOptions(), ["a", "b"], []) { Weights = new byte[5000], OptimizerState = [7, 8, 9] }.Write(path);
        Assert.Equal(["a", "b"], ResumeCheckpoint.Read(path).Classes);
        Assert.Equal([7, 8, 9], ResumeCheckpoint.Read(path).OptimizerState);
        var bytes = File.ReadAllBytes(path);
        var weightsAt = bytes.AsSpan().IndexOf(new byte[5000]);
        bytes.AsSpan(weightsAt + 2000, 100).Fill(7);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("Cannot resume", Assert.Throws<FewshotException>(() => ResumeCheckpoint.Read(path)).Message);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        Assert.Contains("Cannot resume", Assert.Throws<FewshotException>(() => ResumeCheckpoint.Read(path)).Message);
    }

    [Fact]
    public void A_run_interrupted_before_the_decode_slack_was_recorded_resumes_decoding_as_it_began()
    {
        var path = Recipe.ResumePath(Output);
        new ResumeCheckpoint(1, 1, new RecipeOptions(), ["a", "b"], []) { Weights = new byte[16] }.Write(path);
        Assert.Equal(Fewshot.Imaging.ImageLoader.ReducedScaleSlack, ResumeCheckpoint.Read(path).Options.Data.DecodeSlack);

        Assert.True(ZipJsonEntry.Edit(path, "resume.json", "checkpoint.options.data.decodeSlack", json: null));

        Assert.Equal(1, ResumeCheckpoint.Read(path).Options.Data.DecodeSlack);
    }
}
