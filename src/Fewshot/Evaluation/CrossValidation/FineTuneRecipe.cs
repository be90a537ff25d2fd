using System.Diagnostics;
using Fewshot.Models;
using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.Evaluation.CrossValidation;

/// <summary>The full recipe (frozen one-cycle, then unfrozen with discriminative rates) trained on each fold's photos.</summary>
public sealed class FineTuneRecipe(RecipeOptions? options = null) : ICrossValidationRecipe
{
    readonly RecipeOptions _options = options ?? new RecipeOptions();

    public string Name => "finetune";
    public string Description =>
        $"the recipe: {_options.FrozenEpochs} frozen + {_options.UnfrozenEpochs} unfrozen one-cycle epochs on photos";
    public bool UsesFrozenFeatures => false;

    public float[] FitPredict(CrossValidationContext context, IReadOnlyList<int> trainRows, IReadOnlyList<int> testRows, int seed,
        CancellationToken cancel)
    {
        var data = context.Subset(trainRows, testRows);
        var options = _options with { Backbone = context.Backbone.Id, Learner = _options.Learner with { Seed = seed } };
        using var learner = Learner.Create(data, options);
        var (frozen, unfrozen) = learner.FineTune(options, cancel);
        if (frozen.Cancelled || unfrozen is { Cancelled: true }) throw new OperationCanceledException(cancel);
        return learner.Validate().Predictions.SelectMany(p => p.Probabilities).ToArray();
    }

    /// <summary>Times one forward-and-backward batch through the whole network and scales it to a fold's steps.</summary>
    public TimeSpan? EstimateFold(CrossValidationContext context, int trainCount, int testCount)
    {
        var data = context.Subset(Enumerable.Range(0, Math.Min(trainCount, context.Items.Count)).ToList(), []);
        Runtime.NativeRuntime.EnsureLoaded();
        using var model = new ClassifierNetwork(context.Backbone.Create(), context.Classes.Count);
        model.train();
        var batch = data.TrainBatches(0).First();
        TimeSpan Time()
        {
            var clock = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(model.call(tensor(batch.Pixels).reshape(batch.Count, 3, batch.Size, batch.Size)),
                tensor(batch.Labels));
            loss.backward();
            return clock.Elapsed;
        }
        Time(); // the first pass pays for allocation and thread start-up
        var perBatch = Time();
        int batchesPerEpoch = Math.Max(1, trainCount / data.Options.BatchSize);
        int epochs = _options.FrozenEpochs + _options.UnfrozenEpochs;
        // Validation is forward-only: about a third of a training step per photo.
        double validBatches = epochs * Math.Ceiling((double)testCount / data.Options.BatchSize) / 3;
        return perBatch * (epochs * batchesPerEpoch + validBatches);
    }
}
