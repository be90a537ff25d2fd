using Fewshot.Evaluation.DataCheck;

namespace Fewshot.Web.Projects;

/// <summary>Warnings about a project's photos that a person should see before training.</summary>
public static class DataCheck
{
    public const double ValidPct = 0.2;
    const int FewPhotos = 10;

    public static IReadOnlyList<string> Warnings(Project project)
    {
        var warnings = new List<string>();
        if (project.Classes.Count < 2)
            warnings.Add("A classifier needs at least two classes: add another class.");
        var counts = project.Classes.ToDictionary(c => c, c => project.Images.Count(i => i.Class == c));
        foreach (var (name, count) in counts)
        {
            if (count == 0) warnings.Add($"Class '{name}' has no photos yet.");
            else if (count < FewPhotos) warnings.Add($"Class '{name}' has only {count} photo(s): {FewPhotos}–30 or more per class train better and measure accuracy less roughly.");
        }
        var nonEmpty = counts.Values.Where(c => c > 0).ToList();
        if (nonEmpty.Count >= 2 && DataCheckRules.IsImbalanced(nonEmpty.Max(), nonEmpty.Min()))
            warnings.Add($"The classes are unbalanced ({nonEmpty.Min()} to {nonEmpty.Max()} photos): the model will favour the larger classes. Add photos to the small ones.");

        var shared = project.Images.GroupBy(i => i.Hash).Where(g => g.Select(i => i.Class).Distinct().Count() > 1).ToList();
        if (shared.Count > 0)
        {
            var first = shared[0].ToList();
            warnings.Add($"{shared.Count} photo(s) are in more than one class (e.g. '{first[0].Name}' in {string.Join(" and ", first.Select(i => $"'{i.Class}'"))}): " +
                         "a photo should have one label. Remove it from the wrong class.");
        }
        var recorded = project.Images.Where(i => i.Burst is not null).ToList();
        if (recorded.Count > 0)
        {
            int bursts = recorded.Select(i => i.Burst).Distinct().Count();
            warnings.Add($"{recorded.Count} photo(s) come from {bursts} webcam burst{(bursts == 1 ? "" : "s")}: each burst is kept whole in training or in " +
                         "validation, because its frames are near-duplicates that would flatter the validation accuracy.");
            foreach (var name in project.Classes.Where(c => counts[c] > 1 && project.Images.Where(i => i.Class == c).Select(i => i.Burst ?? i.Hash).Distinct().Count() == 1))
                warnings.Add($"All the photos of class '{name}' come from one webcam burst, so none can be held out to check the model: " +
                             "record another burst or add photos.");
        }
        var tiny = project.Images.Where(i => DataCheckRules.IsTiny(i.ShortSide)).ToList();
        if (tiny.Count > 0)
            warnings.Add($"{tiny.Count} photo(s) are smaller than {DataCheckRules.TinySide} px (e.g. '{tiny[0].Name}'): probably icons or thumbnails. Check them.");

        int validation = nonEmpty.Sum(c => c < 2 ? 0 : Math.Max(1, (int)Math.Round(c * ValidPct)));
        if (nonEmpty.Count >= 2 && validation < 20)
            warnings.Add($"Only {validation} photo(s) will be held out to measure accuracy ({ValidPct * 100:0}% of each class): its 95% interval will be wide.");
        return warnings;
    }
}
