using Fewshot.Evaluation;

namespace Fewshot.Tests.Evaluation;

public class ConfusionMatrixTests
{
    static readonly string[] Classes = ["cat", "dog", "fox"];

    // Rows (actual): cat [3 1 0], dog [1 2 0], fox [0 2 1].
    static readonly int[] Actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    static readonly int[] Predicted = [0, 0, 1, 0, 1, 0, 1, 2, 1, 1];

    static ConfusionMatrix Sample() => new(Classes, Actual, Predicted);

    [Fact]
    public void Counts_AreIndexedActualThenPredicted()
    {
        var matrix = Sample();
        int[,] expected = { { 3, 1, 0 }, { 1, 2, 0 }, { 0, 2, 1 } };
        for (var a = 0; a < 3; a++)
            for (var p = 0; p < 3; p++)
                Assert.Equal(expected[a, p], matrix[a, p]);
        Assert.Equal(Classes, matrix.Classes);
    }

    [Fact]
    public void Accuracy_IsTheDiagonalOverTheTotal()
    {
        Assert.Equal(new Proportion(6, 10), Sample().Accuracy);
    }

    [Fact]
    public void PerClass_HasSupportPrecisionRecallAndF1()
    {
        var metrics = Sample().PerClass;
        Assert.Equal(["cat", "dog", "fox"], metrics.Select(m => m.Class));
        Assert.Equal([4, 3, 3], metrics.Select(m => m.Support));
        AssertClose([3 / 4.0, 2 / 5.0, 1.0], metrics.Select(m => m.Precision));
        AssertClose([3 / 4.0, 2 / 3.0, 1 / 3.0], metrics.Select(m => m.Recall));
        AssertClose([0.75, 0.5, 0.5], metrics.Select(m => m.F1));
    }

    [Fact]
    public void RecallAndPrecisionOf_GiveCountsForIntervals()
    {
        var matrix = Sample();
        Assert.Equal(new Proportion(2, 3), matrix.RecallOf(1));
        Assert.Equal(new Proportion(2, 5), matrix.PrecisionOf(1));
    }

    [Fact]
    public void AClassNeverSeenOrPredicted_ScoresZeroRatherThanNaN()
    {
        var matrix = new ConfusionMatrix(["cat", "dog", "owl"], [0, 1], [0, 0]);
        var owl = matrix.PerClass[2];
        Assert.Equal(new ClassMetrics("owl", 0, 0, 0, 0), owl);
        Assert.Equal(0, matrix.PerClass[1].Precision);
    }

    [Fact]
    public void MostConfused_ListsOffDiagonalPairsLargestFirst()
    {
        var matrix = Sample();
        Assert.Equal([("fox", "dog", 2), ("cat", "dog", 1), ("dog", "cat", 1)], matrix.MostConfused());
        Assert.Equal([("fox", "dog", 2)], matrix.MostConfused(minCount: 2));
        Assert.Empty(matrix.MostConfused(minCount: 3));
    }

    [Fact]
    public void ToText_IsAnAlignedTableWithActualRows()
    {
        var matrix = new ConfusionMatrix(["cat", "hedgehog"], [0, 0, 1, 1, 1], [0, 1, 1, 1, 1]);
        var expected = string.Join(Environment.NewLine,
            "actual \\ predicted  cat  hedgehog",
            "cat                   1         1",
            "hedgehog              0         3",
            "");
        Assert.Equal(expected, matrix.ToText());
    }

    [Fact]
    public void MismatchedOrOutOfRangeLabels_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(Classes, [0, 1], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(Classes, [3], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(Classes, [0], [-1]));
    }

    [Fact]
    public void AnEmptySet_HasNoAccuracy()
    {
        var matrix = new ConfusionMatrix(Classes, [], []);
        Assert.Equal("n/a (0/0)", matrix.Accuracy.ToString());
        Assert.Empty(matrix.MostConfused());
    }

    static void AssertClose(double[] expected, IEnumerable<double> actual)
    {
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], values[i], 12);
    }
}
