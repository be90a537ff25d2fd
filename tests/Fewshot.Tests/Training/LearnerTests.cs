using Fewshot.Data;
using Fewshot.Tests.Support;
using Fewshot.Training;
using static TorchSharp.torch;

namespace Fewshot.Tests.Training;

public class LearnerTests
{
    static ImageData Tiny(int batchSize = 4) =>
        TestData.Load(TestData.Subset("bears", trainPerClass: 10, validPerClass: 2, "black", "teddy"),
            new DataOptions { Size = 64, BatchSize = batchSize });

    [Fact]
    public void OneCycle_LearningRatesAndBeta1_AsReadFromTheOptimiser()
    {
        Torch.Ready();
        // 20 photos, batch 4: 5 steps per epoch, 2 epochs: N = 10, pct_start·N = 3.
        using var learner = Learner.Create(Tiny());
        learner.Unfreeze();
        var steps = new List<StepRecord>();
        learner.Stepped += steps.Add;

        learner.FitOneCycle(2, LearningRates.Slice(1e-6, 1e-2));

        Assert.Equal(10, steps.Count);
        AssertRates([4e-08, 4e-06, 0.0004], 0.95, steps[0]);
        AssertRates([1e-6, 1e-4, 1e-2], 0.85, steps[3]);
        AssertRates([4.9519367986526174e-08, 4.9519367986526174e-06, 0.0004951936798652617], 0.945048443395121, steps[9]);
    }

    static void AssertRates(double[] expected, double beta1, StepRecord record)
    {
        Assert.Equal(expected.Length, record.LearningRates.Count);
        for (int g = 0; g < expected.Length; g++)
        {
            Assert.Equal(expected[g], record.LearningRates[g], expected[g] * 1e-9);
            Assert.Equal(beta1, record.Beta1[g], 1e-12);
        }
    }

    [Fact]
    public void FrozenStep_LeavesBodyConvolutionsBitIdentical_UnfrozenStepChangesThem()
    {
        Torch.Ready();
        using var learner = Learner.Create(Tiny(), options: new LearnerOptions { BatchNorm = BatchNormMode.Train });
        var convs = learner.Model.body.named_parameters().Where(p => p.name.Contains("conv")).ToList();
        var bns = learner.Model.BodyBatchNorms.SelectMany(b => b.parameters()).ToList();
        Assert.NotEmpty(convs);
        var convBefore = convs.Select(p => p.parameter.data<float>().ToArray()).ToList();
        var bnBefore = bns.Select(p => p.data<float>().ToArray()).ToList();
        var headBefore = learner.Model.head.parameters().Select(p => p.data<float>().ToArray()).ToList();

        learner.FitOneCycle(1);

        for (int i = 0; i < convs.Count; i++)
            Assert.Equal(convBefore[i], convs[i].parameter.data<float>().ToArray());
        Assert.Contains(bns.Select((p, i) => !p.data<float>().ToArray().SequenceEqual(bnBefore[i])), changed => changed);
        Assert.Contains(learner.Model.head.parameters().Select((p, i) => !p.data<float>().ToArray().SequenceEqual(headBefore[i])), changed => changed);

        learner.Unfreeze();
        learner.FitOneCycle(1, LearningRates.Slice(1e-4, 1e-2));
        Assert.All(Enumerable.Range(0, convs.Count), i =>
            Assert.False(convBefore[i].SequenceEqual(convs[i].parameter.data<float>().ToArray()), convs[i].name + " did not change"));
    }

    [Fact]
    public void FrozenBatchNormMode_KeepsBodyBatchNormStatisticsToo()
    {
        Torch.Ready();
        using var learner = Learner.Create(Tiny(), options: new LearnerOptions { BatchNorm = BatchNormMode.Frozen });
        var state = learner.Model.body.state_dict().Where(kv => kv.Value.dtype == ScalarType.Float32)
            .ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
        Assert.Contains(state.Keys, k => k.Contains("running_mean"));

        learner.FitOneCycle(1);

        foreach (var (name, tensor) in learner.Model.body.state_dict())
            if (tensor.dtype == ScalarType.Float32)
                Assert.True(state[name].SequenceEqual(tensor.data<float>().ToArray()), name + " changed");
    }

    [Fact]
    public void SeededRuns_Reproduce()
    {
        Torch.Ready();
        double Run()
        {
            using var learner = Learner.Create(Tiny());
            return learner.FitOneCycle(1).Epochs[0].TrainLoss;
        }
        Assert.Equal(Run(), Run());
    }
}

public class FeatureCacheTests
{
    [Fact]
    public void CachedFeatures_EqualRecomputedOnes_AndCachedTrainingMatchesTheFullModel()
    {
        Torch.Ready();
        var data = TestData.Load(TestData.Subset("bears", 8, 3, "black", "teddy"), new DataOptions { Size = 64, BatchSize = 4 });
        using var learner = Learner.Create(data, options: new LearnerOptions { BatchNorm = BatchNormMode.Frozen, CachedViews = 2, Precision = Fewshot.Runtime.Precision.Fp32 });
        Assert.True(learner.UsesFeatureCache);

        var stage = learner.FitOneCycle(2);
        var cachedReport = learner.Validate();

        var cache = FeatureCache.Compute(learner.Model, data, views: 2, seed: 0, null, default, Fewshot.Runtime.Precision.Fp32)!;
        learner.Model.eval();
        using (no_grad())
        {
            var pixels = data.ValidBatches().First();
            using var recomputed = learner.Model.PooledFeatures(tensor(pixels.Pixels).reshape(pixels.Count, 3, 64, 64));
            var expected = recomputed.data<float>().ToArray();
            var cached = cache.Valid.Values.AsSpan(0, expected.Length).ToArray();
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], cached[i], 1e-4f);
        }
        // The same validation through the whole model, photo by photo, gives the cached path's probabilities.
        learner.Unfreeze();
        var fullReport = learner.Validate();
        for (int k = 0; k < fullReport.Predictions.Count; k++)
            for (int c = 0; c < 2; c++)
                Assert.Equal(cachedReport.Predictions[k].Probabilities[c], fullReport.Predictions[k].Probabilities[c], 1e-4f);
        Assert.Equal(2, stage.Epochs.Count);
    }
}
