using Fewshot.Evaluation;
using Fewshot.Training;

namespace Fewshot.Tests.Evaluation;

public class TopLossesTests
{
    [Fact]
    public void Loss_IsTheCrossEntropyOfTheActualClass()
    {
        var record = new PredictionRecord("a.jpg", Actual: 1, Predicted: 0, [0.75f, 0.25f]);
        Assert.Equal(-Math.Log(0.25), record.Loss, 5);
        Assert.Equal(0.75f, record.PredictedProbability);
        Assert.False(record.IsCorrect);
    }

    [Fact]
    public void Loss_IsCappedForAZeroProbability()
    {
        var record = new PredictionRecord("a.jpg", 1, 0, [1f, 0f]);
        Assert.Equal(-Math.Log(1e-7), record.Loss, 4);
    }

    [Fact]
    public void Rank_OrdersByLossDescendingAndTakesCount()
    {
        PredictionRecord[] records =
        [
            new("right-sure.jpg", 0, 0, [0.99f, 0.01f]),
            new("wrong-sure.jpg", 0, 1, [0.02f, 0.98f]),
            new("right-unsure.jpg", 1, 1, [0.45f, 0.55f]),
            new("wrong-unsure.jpg", 1, 0, [0.6f, 0.4f]),
        ];
        var top = TopLosses.Rank(records, 3);
        Assert.Equal(["wrong-sure.jpg", "wrong-unsure.jpg", "right-unsure.jpg"], top.Select(r => r.Path));
        Assert.Equal(4, TopLosses.Rank(records, 10).Count);
        Assert.Empty(TopLosses.Rank(records, 0));
    }

    [Fact]
    public void Rank_KeepsInputOrderForEqualLosses()
    {
        PredictionRecord[] records = [new("first", 0, 1, [0.5f, 0.5f]), new("second", 0, 1, [0.5f, 0.5f])];
        Assert.Equal(["first", "second"], TopLosses.Rank(records, 2).Select(r => r.Path));
    }
}
