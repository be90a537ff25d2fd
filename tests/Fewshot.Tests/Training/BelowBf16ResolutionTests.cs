using Fewshot.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fewshot.Tests.Training;

public class BelowBf16ResolutionTests
{
    static Parameter Filled(float value) => new(full(64, value));

    [Fact]
    public void ExcludesOnlyBodyGroupsWhoseStageMovementIsUnderHalfABf16Unit_AndRestoresThem()
    {
        Support.Torch.Ready();
        // Median |w| = 0.02: half a bf16 unit is 0.02/512 ≈ 3.9e-5. Over 30 one-cycle steps (factor sum ≈ 15.5)
        // a peak of 1e-6 moves a weight at most ≈ 1.6e-5 (excluded); 1e-4 moves it ≈ 1.6e-3 (trained).
        IReadOnlyList<IReadOnlyList<Parameter>> groups = [[Filled(0.02f)], [Filled(0.02f)], [Filled(1e-9f)]];
        var options = new LearnerOptions();

        using (var unmoved = BelowBf16Resolution.Exclude(groups, LearningRates.Slice(1e-6, 1e-2), totalSteps: 30, options))
        {
            var group = Assert.Single(unmoved.Groups);
            Assert.Equal(0, group.Index);
            Assert.Equal(0.02 / 512, group.HalfUnit, 1e-9);
            Assert.InRange(group.Movement, 1.2e-5, 2e-5);
            Assert.False(groups[0][0].requires_grad);
            Assert.True(groups[1][0].requires_grad);
            Assert.True(groups[2][0].requires_grad); // the head trains whatever its rate
        }
        Assert.True(groups[0][0].requires_grad);

        // Ten times the steps: the same rate now moves the weights by more than bf16 can resolve, so it trains.
        using var longer = BelowBf16Resolution.Exclude(groups, LearningRates.Slice(1e-6, 1e-2), totalSteps: 300, options);
        Assert.Empty(longer.Groups);
    }
}
