using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Inference;
using Fewshot.Predictors;
using Fewshot.Runtime;
using Fewshot.Tests.Support;
using Fewshot.Training;

namespace Fewshot.Tests.Training;

public sealed class PrecisionTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fewshot-precision-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Bf16AndFp32Predictions_AgreeOnRealPhotos()
    {
        Torch.Ready();
        var data = TestData.Load(TestData.Subset("bears", 12, 20), new DataOptions { Size = 96, BatchSize = 8 });
        using var learner = Learner.Create(data, options: new LearnerOptions { Precision = Precision.Fp32 });
        learner.FitOneCycle(2);
        var path = Path.Combine(_dir.FullName, "m.fewshot");
        learner.Export(path);

        using var fp32 = Predictor.Load(path, precision: Precision.Fp32);
        using var bf16 = Predictor.Load(path, precision: Precision.Bf16);
        Assert.Equal(Precision.Bf16, bf16.Precision);
        var photos = data.Valid.Select(i => i.Path).ToList();
        int same = photos.Count(p => fp32.Predict(p).ClassIndex == bf16.Predict(p).ClassIndex);

        Assert.True(same >= 0.95 * photos.Count, $"{same} of {photos.Count} agree");
    }

    [Fact]
    public void MixedPrecisionTraining_UpdatesTheFp32MasterWeightsAndLearns()
    {
        Torch.Ready();
        var data = TestData.Load(TestData.Subset("bears", 8, 4, "black", "teddy"), new DataOptions { Size = 64, BatchSize = 8 });
        using var learner = Learner.Create(data, options: new LearnerOptions { Precision = Precision.Bf16 });
        learner.Unfreeze();
        var stem = learner.Model.body.named_parameters().First(p => p.name.EndsWith("conv.weight")).parameter;
        var before = stem.data<float>().ToArray();

        var stage = learner.FitOneCycle(3, LearningRates.Slice(1e-4, 1e-2));

        Assert.Equal(TorchSharp.torch.ScalarType.Float32, stem.dtype);
        Assert.False(before.SequenceEqual(stem.data<float>().ToArray()));
        Assert.All(stage.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        Assert.True(stage.Epochs[^1].TrainLoss < stage.Epochs[0].TrainLoss * 1.5);
    }

    [Fact]
    public void MixedPrecisionStage_LeavesGroupsUnderBf16ResolutionUntouched_AndTrainsTheRest()
    {
        Torch.Ready();
        var data = TestData.Load(TestData.Subset("bears", 8, 4, "black", "teddy"), new DataOptions { Size = 64, BatchSize = 8 });
        using var learner = Learner.Create(data, options: new LearnerOptions { Precision = Precision.Bf16 });
        learner.Unfreeze();
        var groups = learner.Model.LayerGroups;
        var first = groups[0].Select(p => p.data<float>().ToArray()).ToList();
        var second = groups[1].Select(p => p.data<float>().ToArray()).ToList();
        var notes = new List<BelowBf16Resolution>();
        learner.GroupsNotBackPropagated += notes.Add;

        learner.FitOneCycle(3, LearningRates.Slice(1e-6, 1e-2));

        Assert.Equal(0, Assert.Single(Assert.Single(notes).Groups).Index);
        Assert.All(groups[0].Select((p, i) => (p, i)), x => Assert.Equal(first[x.i], x.p.data<float>().ToArray()));
        Assert.Contains(groups[1].Select((p, i) => !p.data<float>().ToArray().SequenceEqual(second[i])), changed => changed);
        Assert.All(groups[0], p => Assert.True(p.requires_grad));
    }
}
