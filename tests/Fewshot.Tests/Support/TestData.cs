using Fewshot.Data;
using Fewshot.Models;

namespace Fewshot.Tests.Support;

/// <summary>Small, fixed subsets of the shared datasets, read in place (never copied into the repository).</summary>
public static class TestData
{
    /// <summary>The first <paramref name="trainPerClass"/>/<paramref name="validPerClass"/> photos of each class, by file name.</summary>
    public static DatasetSplit Subset(string dataset, int trainPerClass, int validPerClass, params string[] classes)
    {
        var full = ImageFolder.Scan(SharedData.Dataset(dataset));
        var keep = classes.Length > 0 ? classes : full.Classes.ToArray();
        var index = keep.Select(c => full.Classes.ToList().IndexOf(c)).ToArray();
        List<LabelledImage> Take(IReadOnlyList<LabelledImage> items, int perClass) =>
            index.SelectMany((old, label) => items.Where(i => i.Label == old).Take(perClass).Select(i => i with { Label = label })).ToList();
        return new DatasetSplit(keep, Take(full.Train, trainPerClass), Take(full.Valid, validPerClass), []);
    }

    public static ImageData Load(DatasetSplit split, DataOptions options) =>
        new(split, options, BackboneRegistry.Default.Preprocessing);
}
