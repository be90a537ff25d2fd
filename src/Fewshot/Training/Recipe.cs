using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Models;

namespace Fewshot.Training;

/// <summary>The seed recipe's knobs; the defaults are the recipe.</summary>
public sealed record RecipeOptions
{
    public string Backbone { get; init; } = BackboneRegistry.DefaultId;
    public DataOptions Data { get; init; } = new();
    public LearnerOptions Learner { get; init; } = new();
    public int FrozenEpochs { get; init; } = 10;
    public int UnfrozenEpochs { get; init; } = 10;
    public LearningRates FrozenLearningRate { get; init; } = LearningRates.Constant(3e-3);
    public LearningRates UnfrozenLearningRates { get; init; } = LearningRates.Slice(1e-6, 1e-2);
    /// <summary>Where to export the model; stage checkpoints go beside it. Null: nothing is written.</summary>
    public string? Output { get; init; }
}

/// <summary>What a recipe run produced. The learner stays usable (interpretation, more training); dispose it.</summary>
public sealed record RecipeResult(Learner Learner, StageResult Frozen, StageResult? Unfrozen, ValidationReport Validation,
    IReadOnlyList<string> WrittenFiles) : IDisposable
{
    public bool Cancelled => Frozen.Cancelled || (Unfrozen?.Cancelled ?? false);
    public void Dispose() => Learner.Dispose();
}

/// <summary>
/// The seed notebook in one call: new head on a pretrained body, frozen one-cycle, save stage 1,
/// unfreeze, one-cycle with discriminative learning rates, save stage 2, export.
/// </summary>
public static class Recipe
{
    public static RecipeResult Run(ImageData data, RecipeOptions? options = null, Action<Learner>? observe = null,
        CancellationToken cancel = default)
    {
        options ??= new RecipeOptions();
        var learner = Training.Learner.Create(data, BackboneRegistry.Get(options.Backbone), options.Learner);
        try
        {
            observe?.Invoke(learner);
            var written = new List<string>();
            var frozen = learner.FitOneCycle(options.FrozenEpochs, options.FrozenLearningRate, cancel);
            SaveStage(learner, options, 1, written);
            StageResult? unfrozen = null;
            if (options.UnfrozenEpochs > 0 && !frozen.Cancelled)
            {
                learner.Unfreeze();
                unfrozen = learner.FitOneCycle(options.UnfrozenEpochs, options.UnfrozenLearningRates, cancel);
                SaveStage(learner, options, 2, written);
            }
            if (options.Output is not null)
            {
                learner.Export(options.Output);
                written.Add(options.Output);
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
    public static string CheckpointPath(string output, int stage) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!,
            Path.GetFileNameWithoutExtension(output) + $".stage-{stage}.ckpt");

    static void SaveStage(Learner learner, RecipeOptions options, int stage, List<string> written)
    {
        if (options.Output is null) return;
        var path = CheckpointPath(options.Output, stage);
        learner.Save(path);
        written.Add(path);
    }
}
