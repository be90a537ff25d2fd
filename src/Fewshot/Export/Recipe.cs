using Fewshot.Data;
using Fewshot.Training;

namespace Fewshot.Export;

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
/// The whole recipe in one call, as a newcomer reads it: a new head on a pretrained body (<see cref="Learner.Create"/>),
/// <see cref="Learner.FineTune"/> (the frozen stage, then everything with discriminative rates) with stage checkpoints
/// beside the output, then the model exported. When cancelled (Ctrl-C) it stops after the current batch and writes a
/// resume checkpoint (<see cref="ResumePath"/>) instead of exporting; passing that checkpoint back continues the run.
/// </summary>
public static class Recipe
{
    /// <param name="resume">A checkpoint from an interrupted run with these classes: training continues at the
    /// start of the epoch that was interrupted, with the one-cycle schedule where it was.</param>
    public static RecipeResult Run(ImageData data, RecipeOptions? options = null, Action<Learner>? observe = null,
        CancellationToken cancel = default, ResumeCheckpoint? resume = null)
    {
        options ??= new RecipeOptions();
        resume?.RequireSameData(data);
        var learner = Learner.Create(data, options);
        try
        {
            observe?.Invoke(learner);
            if (resume is not null) resume.Restore(learner, ResumePath(options.Output ?? "model.fewshot"));
            var checkpoints = new Checkpoints(learner, options);
            learner.Hooks.Add(checkpoints);
            var (frozen, unfrozen) = learner.FineTune(options, cancel, resume?.Position);
            learner.Hooks.Remove(checkpoints);
            var result = new RecipeResult(learner, frozen, unfrozen, ValidationReport.None, checkpoints.Written);
            if (result.Cancelled) return result;
            if (options.Output is not null)
            {
                learner.Export(options.Output, options.FileSystem);
                checkpoints.Written.Add(options.Output);
                checkpoints.DeleteResume();
            }
            return result with { Validation = learner.Validate() };
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
    /// fastai's SaveModelCallback for the recipe: after each stage its checkpoint (and, after the frozen one, a resume
    /// checkpoint at the start of the next); after an interrupted stage a resume checkpoint holding the epochs done and
    /// the optimiser's state. The interrupted epoch is not in the history: resuming runs it again. Nothing is written
    /// without an output.
    /// </summary>
    sealed class Checkpoints(Learner learner, RecipeOptions options) : TrainingHook
    {
        public List<string> Written { get; } = [];

        public override void AfterFit(StageResult result)
        {
            if (options.Output is null) return;
            if (result.Cancelled)
            {
                int done = learner.History.Count(e => e.Stage == result.Stage);
                Written.Add(SaveResume(new TrainingPosition(result.Stage, done, result.OptimizerState)));
                return;
            }
            var path = CheckpointPath(options.Output, result.Stage);
            learner.Save(path, options.FileSystem);
            Written.Add(path);
            if (result.Stage == 1 && options.UnfrozenEpochs > 0) SaveResume(new TrainingPosition(2, 0));
        }

        string SaveResume(TrainingPosition position)
        {
            var path = ResumePath(options.Output!);
            ResumeCheckpoint.Of(learner, options with { FileSystem = null }, position).Write(path, options.FileSystem);
            return path;
        }

        public void DeleteResume()
        {
            var path = ResumePath(options.Output!);
            if (!File.Exists(path)) return;
            try { (options.FileSystem ?? FileSystem.Default).Delete(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
