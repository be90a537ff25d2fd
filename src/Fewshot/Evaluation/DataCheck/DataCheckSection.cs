using System.Globalization;

namespace Fewshot.Evaluation.DataCheck;

/// <summary>
/// Adds the data check to an HTML report: the photo counts, each kind of finding, then thumbnails of every duplicate pair
/// and of the atypical photos of each class, so they can be judged by eye.
/// </summary>
public static class DataCheckSection
{
    /// <summary>Pairs beyond this many are counted, not shown (a folder copied twice would make thousands).</summary>
    const int MaxPairsShown = 30;

    public static void Add(HtmlReport html, DataCheckReport report)
    {
        html.Section("Data check").Paragraph($"{report.Images.Count} readable photos in {report.Root}.");
        AddCounts(html, report);
        if (report.Findings.Count == 0) html.Paragraph("No problems found.");
        foreach (var group in report.Findings.GroupBy(f => f.Kind).OrderBy(g => g.Key))
            html.Heading($"{DataCheckText.Title(group.Key)} ({group.Count()})").List(group.Select(f => f.Message));
        AddDuplicates(html, report.Duplicates);
        AddAtypical(html, report.Atypical);
    }

    static void AddCounts(HtmlReport html, DataCheckReport report)
    {
        var splits = report.Images.Select(i => i.Split).Distinct().OrderBy(s => s == "train" ? 0 : 1).ToList();
        var classes = report.Images.Select(i => i.Class).Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) return;
        html.Table(["class", .. splits.Select(s => s == "" ? "photos" : s)],
            classes.Select(c => (IReadOnlyList<string>)[c, .. splits.Select(s =>
                report.Images.Count(i => i.Class == c && i.Split == s).ToString(CultureInfo.InvariantCulture))]));
    }

    static void AddDuplicates(HtmlReport html, IReadOnlyList<DuplicatePair> pairs)
    {
        if (pairs.Count == 0) return;
        html.Section("Duplicate pairs").Paragraph("Each pair side by side. A pair across classes is probably mislabelled; a pair " +
                                                  "across train and valid makes validation accuracy look better than it is.");
        foreach (var pair in pairs.OrderByDescending(p => p.AcrossClasses).ThenByDescending(p => p.AcrossSplits).Take(MaxPairsShown))
            html.Pictures([Picture(pair.A), Picture(pair.B)], pair.Description);
        if (pairs.Count > MaxPairsShown) html.Paragraph($"… and {pairs.Count - MaxPairsShown} more pairs (all are listed above).");
    }

    static void AddAtypical(HtmlReport html, IReadOnlyList<AtypicalImage> atypical)
    {
        if (atypical.Count == 0) return;
        html.Section("Atypical photos").Paragraph("The photos of each class farthest from its centre in the backbone's embedding " +
                                                  "(cosine distance): often mislabelled, or a view the class rarely shows.");
        foreach (var group in atypical.GroupBy(a => a.Image.Class))
            html.Heading(group.Key).Pictures(group.OrderBy(a => a.Rank).Select(a =>
                (Thumbnails.Jpeg(a.Image.Path), string.Create(CultureInfo.InvariantCulture, $"#{a.Rank} ({a.Distance:0.000}) {a.Image.Path}"))));
    }

    static (byte[]?, string) Picture(CheckedImage image) =>
        (Thumbnails.Jpeg(image.Path), $"{(image.Split == "" ? "" : image.Split + "/")}{image.Class}: {image.Path}");
}
