using Fewshot.Evaluation;

namespace Fewshot.Tests.Evaluation.Honest;

public sealed class StratifiedFoldsTests
{
    static readonly int[] Labels = [.. Enumerable.Repeat(0, 23), .. Enumerable.Repeat(1, 11), .. Enumerable.Repeat(2, 6)];

    [Fact]
    public void EveryClassIsSpreadEvenlyOverTheFolds()
    {
        var folds = StratifiedFolds.Assign(Labels, 5, seed: 3);
        for (int c = 0; c < 3; c++)
        {
            var perFold = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, Labels.Length).Count(i => Labels[i] == c && folds[i] == f)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(",", perFold)}");
        }
        var sizes = Enumerable.Range(0, 5).Select(f => folds.Count(x => x == f)).ToArray();
        Assert.Equal(40, sizes.Sum());
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
    }

    [Fact]
    public void SameSeedSameFoldsOtherSeedOtherFolds()
    {
        Assert.Equal(StratifiedFolds.Assign(Labels, 5, 7), StratifiedFolds.Assign(Labels, 5, 7));
        Assert.NotEqual(StratifiedFolds.Assign(Labels, 5, 7), StratifiedFolds.Assign(Labels, 5, 8));
        // Five photos of one class over five folds: one in each.
        Assert.Equal([0, 1, 2, 3, 4], StratifiedFolds.Assign([0, 0, 0, 0, 0], 5, 0).Order());
    }
}
