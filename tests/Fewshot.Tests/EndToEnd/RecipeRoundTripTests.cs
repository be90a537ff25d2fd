using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Inference;
using Fewshot.Predictors;
using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.EndToEnd;

public sealed class RecipeRoundTripTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-e2e-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void TinyRecipe_BeatsChanceOnHeldOutPhotos_AndTheExportedModelAgrees()
    {
        Torch.Ready();
        var split = TestData.Subset("bears", trainPerClass: 16, validPerClass: 10);
        var data = TestData.Load(split, new DataOptions { Size = 64, BatchSize = 8 });
        var output = Path.Combine(_dir.FullName, "bears.fewshot");
        var options = new RecipeOptions
        {
            FrozenEpochs = 3, UnfrozenEpochs = 1, Output = output,
            Learner = new LearnerOptions { Precision = Fewshot.Runtime.Precision.Fp32 },
        };

        using var result = Recipe.Run(data, options);

        // Three classes: chance is 10 of 30.
        Assert.True(result.Validation.Accuracy.Successes >= 20, $"accuracy {result.Validation.Accuracy}");
        Assert.True(File.Exists(output));
        Assert.True(File.Exists(Recipe.CheckpointPath(output, 1)));
        Assert.True(File.Exists(Recipe.CheckpointPath(output, 2)));

        using var predictor = Predictor.Load(output, precision: Fewshot.Runtime.Precision.Fp32);
        Assert.Equal(data.Classes, predictor.Classes);
        foreach (var record in result.Validation.Predictions.Take(6))
        {
            var prediction = predictor.Predict(record.Path);
            for (int c = 0; c < record.Probabilities.Length; c++)
                Assert.Equal(record.Probabilities[c], prediction.Probabilities[c], 1e-5);
        }
    }

    [Fact]
    public void StageCheckpoint_LoadsBackTheSameWeights()
    {
        Torch.Ready();
        var data = TestData.Load(TestData.Subset("bears", 8, 2, "black", "teddy"), new DataOptions { Size = 64, BatchSize = 8 });
        using var learner = Learner.Create(data);
        learner.FitOneCycle(1);
        var checkpoint = Path.Combine(_dir.FullName, "m.stage-1.ckpt");
        learner.Save(checkpoint);
        learner.Unfreeze(); // validation through the whole model from here on (frozen, it reads cached features)
        var before = learner.Validate().Predictions.Select(p => p.Probabilities).ToList();

        learner.FitOneCycle(1, LearningRates.Constant(1e-2));
        learner.Load(checkpoint);

        var after = learner.Validate().Predictions.Select(p => p.Probabilities).ToList();
        Assert.Equal(before, after);
    }
}
