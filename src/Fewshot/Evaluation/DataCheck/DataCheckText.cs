using System.Globalization;
using System.Text;

namespace Fewshot.Evaluation.DataCheck;

/// <summary>The data check's findings as plain text: counts, then each kind of finding, then the atypical photos.</summary>
public static class DataCheckText
{
    /// <param name="maxPerKind">Findings of one kind beyond this many are summarised as "… and N more".</param>
    public static string Format(DataCheckReport report, int maxPerKind = 20)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var counts = report.Images.GroupBy(i => i.Split).OrderBy(g => g.Key == "train" ? 0 : 1)
            .Select(g => $"{(g.Key == "" ? "all" : g.Key)}: " + string.Join(", ", g.GroupBy(i => i.Class).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Count()}")));
        text.AppendLine(c, $"{report.Images.Count} readable photos — {string.Join(" · ", counts)}");
        if (report.Findings.Count == 0) text.AppendLine("No problems found.");
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            var found = report.Of(kind).ToList();
            if (found.Count == 0) continue;
            text.AppendLine();
            text.AppendLine(c, $"{Title(kind)} ({found.Count}):");
            foreach (var finding in found.Take(maxPerKind)) text.AppendLine("  " + finding.Message);
            if (found.Count > maxPerKind) text.AppendLine(c, $"  … and {found.Count - maxPerKind} more");
        }
        if (report.Atypical.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Most atypical photos per class (cosine distance of the backbone embedding to the class centre):");
            foreach (var a in report.Atypical)
                text.AppendLine(c, $"  {a.Image.Class,-16} {a.Rank}. {a.Distance:0.000}  {a.Image.Path}");
        }
        return text.ToString();
    }

    /// <summary>
    /// Short warnings for the start of training: the problems that corrupt a measurement (duplicates across splits or
    /// classes, split gaps, imbalance) in full, up to <paramref name="maxPerKind"/> each; tiny images and other duplicates counted.
    /// </summary>
    public static IEnumerable<string> Warnings(DataCheckReport report, int maxPerKind = 3)
    {
        foreach (var kind in new[] { FindingKind.ExactDuplicate, FindingKind.NearDuplicate })
        {
            var serious = report.Duplicates.Where(d => (d.Identical == (kind == FindingKind.ExactDuplicate)) && (d.AcrossSplits || d.AcrossClasses))
                .Select(d => report.Findings.First(f => f.Kind == kind && f.Paths.SequenceEqual([d.A.Path, d.B.Path])).Message).ToList();
            foreach (var message in serious.Take(maxPerKind)) yield return message;
            if (serious.Count > maxPerKind) yield return $"… and {serious.Count - maxPerKind} more such pairs.";
        }
        foreach (var finding in report.Of(FindingKind.OneSplitOnly).Concat(report.Of(FindingKind.ClassImbalance)))
            yield return finding.Message;
        var tiny = report.Of(FindingKind.Tiny).ToList();
        if (tiny.Count > 0)
            yield return tiny.Count == 1 ? tiny[0].Message
                : $"{tiny.Count} images are tiny (icons or placeholders?), e.g. '{tiny[0].Paths[0]}'.";
        int sameClass = report.Duplicates.Count(d => !d.AcrossSplits && !d.AcrossClasses);
        if (sameClass > 0) yield return $"{sameClass} pairs of duplicate photos within a class and split.";
    }

    public static string Title(FindingKind kind) => kind switch
    {
        FindingKind.Unreadable => "Unreadable files",
        FindingKind.Damaged => "Damaged photos (cut short, or less data than their header claims)",
        FindingKind.Tiny => "Tiny images",
        FindingKind.ExactDuplicate => "Identical files",
        FindingKind.NearDuplicate => "Near-duplicates",
        FindingKind.ClassImbalance => "Class imbalance",
        FindingKind.OneSplitOnly => "Classes in one split only",
        FindingKind.NoPhotos => "Classes without readable photos",
        _ => kind.ToString(),
    };
}
