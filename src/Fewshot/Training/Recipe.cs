using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Models;

namespace Fewshot.Training;

/// <summary>The seed recipe's knobs; the defaults are the recipe.</summary>
public sealed record RecipeOptions
{
    public string Backbone { get; init; } = BackboneRegistry.DefaultId;
    /// <summary>The torchvision body's weights file (full path); null: the installed official weights.</summary>
    public string? Weights { get; init; }
    public DataOptions Data { get; init; } = new();
    public LearnerOptions Learner { get; init; } = new();
    public int FrozenEpochs { get; init; } = 10;
    public int UnfrozenEpochs { get; init; } = 10;
    public LearningRates FrozenLearningRate { get; init; } = LearningRates.Constant(3e-3);
    /// <summary>
    /// The seed's <c>slice(1e-6, 1e-2)</c> with its top lowered to fastai v2's <c>fine_tune</c> rate, 1e-3: with
    /// batch-norm frozen the seed's head rate undid the frozen stage (hymenoptera 139/153, a 40-photo subset 31/40),
    /// 1e-6:1e-3 kept it (144/153, 37/40; bears 59/60). Measured in bench/README.md.
    /// </summary>
    public LearningRates UnfrozenLearningRates { get; init; } = LearningRates.Slice(1e-6, 1e-3);
    /// <summary>Where to export the model; stage checkpoints go beside it. Null: nothing is written.</summary>
    public string? Output { get; init; }
    /// <summary>Writes checkpoints and the model; a seam for tests (default: the disk).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IFileSystem? FileSystem { get; init; }
}

/// <summary>
/// What a recipe run produced. The learner stays usable (interpretation, more training); dispose it. An interrupted run
/// validates nothing: its <see cref="Validation"/> scores no photo.
/// </summary>
public sealed record RecipeResult(Learner Learner, StageResult Frozen, StageResult? Unfrozen, ValidationReport Validation,
    IReadOnlyList<string> WrittenFiles) : IDisposable
{
    public bool Cancelled => Frozen.Cancelled || (Unfrozen?.Cancelled ?? false);
    public void Dispose() => Learner.Dispose();
}

/// <summary>
/// The seed notebook in one call: new head on a pretrained body, frozen one-cycle, save stage 1,
/// unfreeze, one-cycle with discriminative learning rates, save stage 2, export.
/// When cancelled (Ctrl-C) it stops after the current batch and writes a resume checkpoint
/// (<see cref="ResumePath"/>) instead of exporting; passing that checkpoint back continues the run.
/// </summary>
public static class Recipe
{
    /// <param name="resume">A checkpoint from an interrupted run with these classes: training continues at the
    /// start of the epoch that was interrupted, with the one-cycle schedule where it was.</param>
    public static RecipeResult Run(ImageData data, RecipeOptions? options = null, Action<Learner>? observe = null,
        CancellationToken cancel = default, ResumeCheckpoint? resume = null)
    {
        options ??= new RecipeOptions();
        if (resume is not null && !resume.Classes.SequenceEqual(data.Classes))
            throw new FewshotException($"The checkpoint was trained on classes {string.Join(", ", resume.Classes)} but the data now has " +
                                       $"{string.Join(", ", data.Classes)}. Resume on the same data, or train without --resume.");
        if (resume?.Photos is { } trained && DataIdentity.Of(data) is var now && !trained.SamePhotos(now))
            throw new FewshotException($"The checkpoint was trained on other photos: {trained.TrainPhotos} training and {trained.ValidPhotos} " +
                                       $"validation photos in '{trained.Root}', and '{now.Root}' now holds {now.TrainPhotos} and {now.ValidPhotos} " +
                                       "that differ (other files, sizes, classes or splits). Resume on the same data, or train without --resume.");
        var learner = Training.Learner.Create(data, BackboneRegistry.Get(options.Backbone).WithWeights(options.Weights), options.Learner);
        try
        {
            observe?.Invoke(learner);
            var written = new List<string>();
            int stage = resume?.Stage ?? 1, done = resume?.EpochsDone ?? 0;
            if (resume is not null)
            {
                ModelWeights.Load(learner.Model, resume.Weights, ResumePath(options.Output ?? "model.fewshot"));
                learner.RestoreProgress(resume.History, stage - 1);
            }

            var frozen = new StageResult(1, learner.History.Where(e => e.Stage == 1).ToList(), TimeSpan.Zero, false);
            if (stage == 1)
            {
                frozen = learner.FitOneCycle(options.FrozenEpochs, options.FrozenLearningRate, cancel, done, resume?.OptimizerState);
                if (frozen.Cancelled) return Interrupted(learner, options, frozen, null, 1, written);
                SaveStage(learner, options, 1, written);
                if (options.UnfrozenEpochs > 0) SaveResume(learner, options, 2, 0, learner.History);
                done = 0;
            }
            StageResult? unfrozen = null;
            if (options.UnfrozenEpochs > 0)
            {
                learner.Unfreeze();
                unfrozen = learner.FitOneCycle(options.UnfrozenEpochs, options.UnfrozenLearningRates, cancel, done,
                    resume?.Stage == 2 ? resume.OptimizerState : null);
                if (unfrozen.Cancelled) return Interrupted(learner, options, frozen, unfrozen, 2, written);
                SaveStage(learner, options, 2, written);
            }
            if (options.Output is not null)
            {
                learner.Export(options.Output, options.FileSystem);
                written.Add(options.Output);
                DeleteResume(options);
            }
            return new RecipeResult(learner, frozen, unfrozen, learner.Validate(), written);
        }
        catch
        {
            learner.Dispose();
            throw;
        }
    }

    /// <summary>model.fewshot → model.stage-1.ckpt beside it.</summary>
    public static string CheckpointPath(string output, int stage) => Beside(output, $".stage-{stage}.ckpt");

    /// <summary>model.fewshot → model.resume.ckpt beside it: where an interrupted run can be continued from.</summary>
    public static string ResumePath(string output) => Beside(output, ".resume.ckpt");

    static string Beside(string output, string suffix) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, Path.GetFileNameWithoutExtension(output) + suffix);

    /// <summary>
    /// The interrupted epoch is not in the history: resuming runs it again, from the weights saved now. Nothing is
    /// validated, so stopping stays quick.
    /// </summary>
    static RecipeResult Interrupted(Learner learner, RecipeOptions options, StageResult frozen, StageResult? unfrozen, int stage,
        List<string> written)
    {
        int done = learner.History.Count(e => e.Stage == stage);
        if (options.Output is not null)
            written.Add(SaveResume(learner, options, stage, done, learner.History, (unfrozen ?? frozen).OptimizerState));
        return new RecipeResult(learner, frozen, unfrozen, ValidationReport.None, written);
    }

    static string SaveResume(Learner learner, RecipeOptions options, int stage, int done, IReadOnlyList<EpochResult> history,
        byte[]? optimizerState = null)
    {
        if (options.Output is null) return "";
        var path = ResumePath(options.Output);
        var checkpoint = new ResumeCheckpoint(stage, done, options with { FileSystem = null }, learner.Data.Classes.ToList(), history.ToList())
        {
            Photos = DataIdentity.Of(learner.Data),
            Weights = ModelWeights.ToBytes(learner.Model),
            OptimizerState = optimizerState,
        };
        checkpoint.Write(path, options.FileSystem);
        return path;
    }

    static void DeleteResume(RecipeOptions options)
    {
        var path = ResumePath(options.Output!);
        if (!File.Exists(path)) return;
        try { (options.FileSystem ?? Export.FileSystem.Default).Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    static void SaveStage(Learner learner, RecipeOptions options, int stage, List<string> written)
    {
        if (options.Output is null) return;
        var path = CheckpointPath(options.Output, stage);
        learner.Save(path, options.FileSystem);
        written.Add(path);
    }
}
