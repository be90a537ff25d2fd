namespace Fewshot.Evaluation;

/// <summary>One cross-validation split: the rows trained on and the rows held out, for one fold of one repeat.</summary>
public sealed record FoldSplit(int Repeat, int Fold, IReadOnlyList<int> Train, IReadOnlyList<int> HeldOut);

/// <summary>
/// Repeated stratified k-fold cross-validation's splits (<see cref="StratifiedFolds"/>, one seed per repeat): the one
/// fold loop of <c>cv</c> (CrossValidator) and of people mode's feature choice (People.FeatureSelection).
/// </summary>
public sealed class RepeatedFolds
{
    /// <param name="seedOfRepeat">The fold assignment's seed for repeat r.</param>
    public RepeatedFolds(IReadOnlyList<int> labels, int folds, int repeats, Func<int, int> seedOfRepeat)
    {
        Folds = folds;
        Assignments = Enumerable.Range(0, repeats).Select(r => StratifiedFolds.Assign(labels, folds, seedOfRepeat(r))).ToList();
    }

    public int Folds { get; }
    public int Repeats => Assignments.Count;
    /// <summary>Each repeat's fold of every row.</summary>
    public IReadOnlyList<int[]> Assignments { get; }

    /// <summary>Every split, repeat by repeat and fold by fold; a fold with nothing held out is skipped.</summary>
    public IEnumerable<FoldSplit> Splits()
    {
        for (int r = 0; r < Repeats; r++)
            for (int f = 0; f < Folds; f++)
            {
                var heldOut = Rows(Assignments[r], fold => fold == f);
                if (heldOut.Count > 0) yield return new FoldSplit(r, f, Rows(Assignments[r], fold => fold != f), heldOut);
            }
    }

    static List<int> Rows(int[] assignment, Func<int, bool> keep) =>
        Enumerable.Range(0, assignment.Length).Where(i => keep(assignment[i])).ToList();
}
