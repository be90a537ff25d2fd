namespace Fewshot.Evaluation;

/// <summary>Stratified k-fold assignment: each class's photos are shuffled (seeded) and dealt round the folds.</summary>
public static class StratifiedFolds
{
    /// <summary>The fold (0..folds-1) of each item. Same labels, folds and seed: same assignment.</summary>
    public static int[] Assign(IReadOnlyList<int> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var fold = new int[labels.Count];
        // The dealing position carries over from class to class, so fold sizes differ by at most one overall.
        int next = 0;
        foreach (var label in labels.Distinct().Order())
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            new Random(unchecked(seed * 7919 + label * 104729)).Shuffle(members);
            foreach (var i in members) fold[i] = next++ % folds;
        }
        return fold;
    }
}
