using Fewshot.Tests.Support;

namespace Fewshot.Tests.Reliability;

/// <summary>A few real bear photos per class, copied into a temporary folder the test may then mess up.</summary>
static class MessyFolder
{
    public static readonly string[] Classes = ["black", "grizzly", "teddy"];

    public static string CopyBears(string destination, int trainPerClass = 5, int validPerClass = 2)
    {
        var bears = SharedData.Dataset("bears");
        foreach (var (split, count) in new[] { ("train", trainPerClass), ("valid", validPerClass) })
            foreach (var name in Classes)
            {
                var target = Directory.CreateDirectory(Path.Combine(destination, split, name)).FullName;
                foreach (var photo in Directory.GetFiles(Path.Combine(bears, split, name), "*.jpg").Order(StringComparer.Ordinal).Take(count))
                    File.Copy(photo, Path.Combine(target, Path.GetFileName(photo)));
            }
        return destination;
    }

    public static string FirstPhoto(string root, string split, string className) =>
        Directory.GetFiles(Path.Combine(root, split, className), "*.jpg").Order(StringComparer.Ordinal).First();
}
