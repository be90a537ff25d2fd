namespace Fewshot.Data;

/// <summary>Seeded, per-class random hold-out: the same seed and files always give the same split.</summary>
public static class StratifiedSplit
{
    public static (List<LabelledImage> Train, List<LabelledImage> Valid) Split(
        IReadOnlyList<LabelledImage> items, double validPct, int seed)
    {
        var train = new List<LabelledImage>();
        var valid = new List<LabelledImage>();
        foreach (var group in items.GroupBy(i => i.Label).OrderBy(g => g.Key))
        {
            // Order by path first so the draw does not depend on directory enumeration order.
            var members = group.OrderBy(i => i.Path, StringComparer.Ordinal).ToArray();
            new Random(unchecked(seed * 1_000_003 + group.Key)).Shuffle(members);
            // At least one photo of each class is held out when asked to, and at least one is always kept for training.
            int holdOut = members.Length < 2 ? 0
                : Math.Min(members.Length - 1, Math.Max(validPct > 0 ? 1 : 0, (int)Math.Round(members.Length * validPct)));
            valid.AddRange(members.Take(holdOut));
            train.AddRange(members.Skip(holdOut));
        }
        return (train.OrderBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal).ToList(),
                valid.OrderBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal).ToList());
    }
}
