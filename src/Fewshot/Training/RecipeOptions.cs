using Fewshot.Data;
using Fewshot.Models;

namespace Fewshot.Training;

/// <summary>The recipe's knobs; the defaults are the recipe.</summary>
public sealed record RecipeOptions
{
    public string Backbone { get; init; } = BackboneRegistry.DefaultId;
    /// <summary>The torchvision body's weights file (full path); null: the installed official weights.</summary>
    public string? Weights { get; init; }
    public DataOptions Data { get; init; } = new();
    public LearnerOptions Learner { get; init; } = new();
    public int FrozenEpochs { get; init; } = 10;
    public int UnfrozenEpochs { get; init; } = 10;
    public LearningRates FrozenLearningRate { get; init; } = LearningRates.DefaultFrozen;
    /// <summary>
    /// fastai's course notebook's <c>slice(1e-6, 1e-2)</c> with its top lowered to fastai v2's <c>fine_tune</c> rate, 1e-3:
    /// with batch-norm frozen the notebook's head rate undid the frozen stage (hymenoptera 139/153, a 40-photo subset 31/40),
    /// 1e-6:1e-3 kept it (144/153, 37/40; bears 59/60). Measured in bench/README.md.
    /// </summary>
    public LearningRates UnfrozenLearningRates { get; init; } = LearningRates.DefaultUnfrozen;
    /// <summary>Where to export the model; stage checkpoints go beside it. Null: nothing is written.</summary>
    public string? Output { get; init; }
    /// <summary>Writes checkpoints and the model; a seam for tests (default: the disk).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IFileSystem? FileSystem { get; init; }
}
