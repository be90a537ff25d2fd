using Fewshot.Data;

namespace Fewshot.Web.Training;

/// <summary>
/// The seeded per-class hold-out of <see cref="StratifiedSplit"/>, with each webcam burst kept whole: frames of one
/// burst are near-duplicates, so a burst split between training and validation would let validation score photos the
/// model has as good as seen. Photos outside a burst are groups of one, so without bursts the split is
/// <see cref="StratifiedSplit"/>'s exactly. A class recorded in a single burst keeps it all for training.
/// </summary>
public static class BurstSplit
{
    /// <param name="burst">The photo's burst, or null for a photo taken on its own.</param>
    public static (List<LabelledImage> Train, List<LabelledImage> Valid) Split(IReadOnlyList<LabelledImage> items,
        Func<LabelledImage, string?> burst, double validPct, int seed)
    {
        var train = new List<LabelledImage>();
        var valid = new List<LabelledImage>();
        foreach (var @class in items.GroupBy(i => i.Label).OrderBy(g => g.Key))
        {
            var members = @class.OrderBy(i => i.Path, StringComparer.Ordinal).ToArray();
            var groups = members.GroupBy(m => burst(m) ?? "photo:" + m.Path).Select(g => g.ToList()).ToArray();
            // The same draw as StratifiedSplit's, over groups instead of photos.
            new Random(unchecked(seed * 1_000_003 + @class.Key)).Shuffle(groups);
            int target = members.Length < 2 ? 0
                : Math.Min(members.Length - 1, Math.Max(validPct > 0 ? 1 : 0, (int)Math.Round(members.Length * validPct)));
            var held = HoldOut(groups, target);
            valid.AddRange(groups.Where(held.Contains).SelectMany(g => g));
            train.AddRange(groups.Where(g => !held.Contains(g)).SelectMany(g => g));
        }
        return (train.OrderBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal).ToList(),
                valid.OrderBy(i => i.Label).ThenBy(i => i.Path, StringComparer.Ordinal).ToList());
    }

    /// <summary>Groups in drawn order that fit within the target; if none fits, the smallest, as long as one group stays for training.</summary>
    static HashSet<List<LabelledImage>> HoldOut(List<LabelledImage>[] groups, int target)
    {
        var held = new HashSet<List<LabelledImage>>();
        if (target == 0 || groups.Length < 2) return held;
        int taken = 0;
        foreach (var group in groups)
        {
            if (taken == target) break;
            if (taken + group.Count > target || held.Count == groups.Length - 1) continue;
            held.Add(group);
            taken += group.Count;
        }
        if (held.Count == 0) held.Add(groups.MinBy(g => g.Count)!);
        return held;
    }
}
