using Fewshot.Data;
using Fewshot.Web.Training;

namespace Fewshot.Tests.Web;

public sealed class BurstSplitTests
{
    static List<LabelledImage> Photos(int classes, int perClass) =>
        Enumerable.Range(0, classes).SelectMany(c => Enumerable.Range(0, perClass).Select(i => new LabelledImage($"/p/{c}-{i:D3}", c))).ToList();

    [Fact]
    public void WithoutBursts_TheSplitIsTheStratifiedOne()
    {
        var photos = Photos(3, 23);

        var (train, valid) = BurstSplit.Split(photos, _ => null, 0.2, seed: 0);

        var (expectedTrain, expectedValid) = StratifiedSplit.Split(photos, 0.2, seed: 0);
        Assert.Equal(expectedTrain, train);
        Assert.Equal(expectedValid, valid);
    }

    [Fact]
    public void EachBurst_IsWholeInTrainingOrInValidation()
    {
        // Class 0: 40 webcam frames in 4 bursts of 10; class 1: 30 frames in 2 bursts and 10 single photos.
        var photos = Photos(2, 40);
        string? Burst(LabelledImage p)
        {
            int i = int.Parse(p.Path[^3..]);
            return p.Label == 0 ? $"a{i / 10}" : i < 30 ? $"b{i / 15}" : null;
        }

        var (train, valid) = BurstSplit.Split(photos, Burst, 0.2, seed: 0);

        Assert.Equal(photos.Count, train.Count + valid.Count);
        var trainBursts = train.Select(Burst).OfType<string>().ToHashSet();
        Assert.DoesNotContain(valid.Select(Burst).OfType<string>(), trainBursts.Contains);
        foreach (var label in new[] { 0, 1 })
        {
            int held = valid.Count(p => p.Label == label);
            Assert.InRange(held, 1, 10); // about 20% of 40, never more than a quarter
            Assert.Contains(train, p => p.Label == label);
        }
    }

    [Fact]
    public void AClassRecordedInOneBurst_StaysInTraining()
    {
        var photos = Photos(2, 10);

        var (train, valid) = BurstSplit.Split(photos, p => p.Label == 0 ? "only" : null, 0.2, seed: 0);

        Assert.DoesNotContain(valid, p => p.Label == 0);
        Assert.Equal(10, train.Count(p => p.Label == 0));
        Assert.Equal(2, valid.Count(p => p.Label == 1));
    }
}
