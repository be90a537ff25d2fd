using Fewshot.Data;

namespace Fewshot.Evaluation.DataCheck;

/// <summary>Every image file of a dataset folder with its split and class, including classes present in one split only.</summary>
static class DataFolderListing
{
    public static List<(string Path, string Split, string Class)> List(string root) => List(root, out _);

    /// <param name="classFolders">Every class folder found, with its split, whether or not it holds images.</param>
    public static List<(string Path, string Split, string Class)> List(string root, out List<(string Split, string Class)> classFolders)
    {
        classFolders = [];
        ImageFolder.RequireDataFolder(root);
        var splits = new List<(string Name, string Dir)>();
        var train = Path.Combine(root, "train");
        if (Directory.Exists(train))
        {
            splits.Add(("train", train));
            var valid = ImageFolder.ValidFolder(root);
            if (valid is not null) splits.Add((Path.GetFileName(valid), valid));
        }
        else splits.Add(("", root));

        var files = new List<(string, string, string)>();
        // The same walk as training's: folder links followed once, loops and links to enclosing folders skipped.
        var ignored = new List<string>();
        foreach (var (split, dir) in splits)
            foreach (var (name, classDir) in ImageFolder.ClassFolders(dir))
            {
                classFolders.Add((split, name));
                foreach (var file in ImageFolder.SafeEnumerateFiles(classDir, ignored).Order(StringComparer.Ordinal))
                    if (ImageFolder.ImageExtensions.Contains(Path.GetExtension(file)) && !Path.GetFileName(file).StartsWith('.'))
                        files.Add((file, split, name));
            }
        return files;
    }
}
