namespace Fewshot.Evaluation;

/// <summary>Counts of (actual, predicted) class pairs over a labelled set, and what follows from them.</summary>
public sealed class ConfusionMatrix
{
    readonly int[,] _counts;

    public ConfusionMatrix(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (classes.Count == 0) throw new ArgumentException("needs at least one class", nameof(classes));
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} actual labels but {predicted.Count} predictions", nameof(predicted));

        Classes = classes.ToArray();
        _counts = new int[classes.Count, classes.Count];
        for (var i = 0; i < actual.Count; i++)
            _counts[CheckIndex(actual[i], nameof(actual)), CheckIndex(predicted[i], nameof(predicted))]++;

        Accuracy = new Proportion(Enumerable.Range(0, Classes.Count).Sum(c => _counts[c, c]), actual.Count);
        PerClass = Enumerable.Range(0, Classes.Count).Select(MetricsOf).ToArray();
    }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>How many photos of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>Number of photos counted.</summary>
    public int Total => Accuracy.Total;

    public Proportion Accuracy { get; }

    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>Photos of the class predicted correctly, out of the photos of the class (recall, with its interval).</summary>
    public Proportion RecallOf(int classIndex) => new(_counts[classIndex, classIndex], RowSum(classIndex));

    /// <summary>Correct predictions of the class, out of all predictions of it (precision, with its interval).</summary>
    public Proportion PrecisionOf(int classIndex) => new(_counts[classIndex, classIndex], ColumnSum(classIndex));

    /// <summary>Off-diagonal (actual, predicted) pairs seen at least <paramref name="minCount"/> times, largest first.</summary>
    public IReadOnlyList<(string Actual, string Predicted, int Count)> MostConfused(int minCount = 1)
    {
        var pairs = new List<(int Actual, int Predicted, int Count)>();
        for (var a = 0; a < Classes.Count; a++)
            for (var p = 0; p < Classes.Count; p++)
                if (a != p && _counts[a, p] >= Math.Max(1, minCount))
                    pairs.Add((a, p, _counts[a, p]));
        // OrderByDescending is stable, so ties keep class order and the list is deterministic.
        return pairs.OrderByDescending(pair => pair.Count)
            .Select(pair => (Classes[pair.Actual], Classes[pair.Predicted], pair.Count))
            .ToArray();
    }

    /// <summary>An aligned text table: one row per actual class, one column per predicted class.</summary>
    public string ToText() => ConfusionMatrixText.Format(this);

    int RowSum(int row) => Enumerable.Range(0, Classes.Count).Sum(c => _counts[row, c]);

    int ColumnSum(int column) => Enumerable.Range(0, Classes.Count).Sum(r => _counts[r, column]);

    ClassMetrics MetricsOf(int c)
    {
        var recall = RecallOf(c);
        var precision = PrecisionOf(c);
        var p = precision.Total == 0 ? 0 : precision.Value;
        var r = recall.Total == 0 ? 0 : recall.Value;
        var f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new ClassMetrics(Classes[c], recall.Total, p, r, f1);
    }

    int CheckIndex(int index, string name) =>
        index >= 0 && index < Classes.Count
            ? index
            : throw new ArgumentOutOfRangeException(name, index, $"class index must be between 0 and {Classes.Count - 1}");
}
