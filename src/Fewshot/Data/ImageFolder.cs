using System.Text;

namespace Fewshot.Data;

/// <summary>
/// Reads the folder layouts users bring: <c>DATA/train/&lt;class&gt;/*</c> with <c>DATA/valid|val/&lt;class&gt;/*</c>,
/// or <c>DATA/&lt;class&gt;/*</c> split by a seeded, stratified random draw.
/// </summary>
public static class ImageFolder
{
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".webp" };

    static readonly string[] ValidFolderNames = ["valid", "val", "validation"];

    /// <summary>Scans <paramref name="root"/>; <paramref name="validPct"/> is used only when there is no train/valid split.</summary>
    public static DatasetSplit Scan(string root, double validPct = 0.2, int seed = 0)
    {
        if (!(validPct is >= 0 and < 1))
            throw new FewshotException($"The validation share must be at least 0 and below 1 (got {validPct}; --valid-pct on the command line).");
        RequireDataFolder(root);
        var warnings = new List<string>();
        var trainDir = Path.Combine(root, "train");
        var validDir = ValidFolder(root);

        if (Directory.Exists(trainDir))
        {
            if (validDir is null)
            {
                warnings.Add($"'{root}' has train/ but no valid/ or val/ folder: holding out {validPct:P0} of train/ (seed {seed}).");
                return SplitRandomly(root, trainDir, validPct, seed, warnings);
            }
            var trainClasses = ClassFolders(trainDir);
            var validClasses = ClassFolders(validDir);
            var classes = trainClasses.Select(c => c.Name).ToList();
            foreach (var missing in validClasses.Select(c => c.Name).Except(classes))
                warnings.Add($"Class '{missing}' is in {Path.GetFileName(validDir)}/ but not in train/: its photos are ignored. Add training photos for it or remove the folder.");
            foreach (var missing in classes.Except(validClasses.Select(c => c.Name)))
                warnings.Add($"Class '{missing}' has no photos in {Path.GetFileName(validDir)}/: its accuracy cannot be measured.");
            RequireClasses(classes, trainDir);
            var train = Collect(trainClasses, classes, warnings);
            var valid = Collect(validClasses, classes, warnings);
            return new DatasetSplit(classes, train, valid, warnings);
        }
        return SplitRandomly(root, root, validPct, seed, warnings);
    }

    /// <summary>
    /// Fails, saying what to give instead, unless <paramref name="root"/> is an existing folder in one of the layouts read:
    /// a file, a missing folder, or a valid/ folder without train/ (whose classes would be read as one class, "valid").
    /// </summary>
    public static void RequireDataFolder(string root)
    {
        const string Layout = "Give a folder with one sub-folder per class, or train/ and valid/ folders that each hold one sub-folder per class.";
        if (File.Exists(root))
            throw new FewshotException($"'{root}' is a file, not a folder. {Layout} To classify a photo, use `fewshot predict MODEL PHOTO`.");
        if (!Directory.Exists(root))
            throw new FewshotException($"Data folder '{root}' does not exist. {Layout}");
        if (!Directory.Exists(Path.Combine(root, "train")) && ValidFolder(root) is { } valid)
            throw new FewshotException($"'{root}' has {Path.GetFileName(valid)}/ but no train/ folder beside it. Put the training photos " +
                                       $"in train/<class>/, or give a folder of class folders (without a {Path.GetFileName(valid)}/ folder).");
    }

    /// <summary>The valid/, val/ or validation/ folder of <paramref name="root"/>, or null.</summary>
    public static string? ValidFolder(string root) => ValidFolderNames.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists);

    static DatasetSplit SplitRandomly(string root, string classRoot, double validPct, int seed, List<string> warnings)
    {
        if (validPct is < 0 or >= 1)
            throw new FewshotException($"--valid-pct must be at least 0 and below 1 (got {validPct}).");
        var folders = ClassFolders(classRoot);
        var classes = folders.Select(c => c.Name).ToList();
        RequireClasses(classes, root);
        var all = Collect(folders, classes, warnings);
        var (train, valid) = StratifiedSplit.Split(all, validPct, seed);
        return new DatasetSplit(classes, train, valid, warnings);
    }

    static void RequireClasses(List<string> classes, string folder)
    {
        if (classes.Count < 2)
            throw new FewshotException($"'{folder}' has {classes.Count} class folder(s); a classifier needs at least two. " +
                                       "Put each class's photos in a sub-folder named after the class.");
    }

    /// <summary>
    /// The class folders of a split, by class name: the folder's name in Unicode's composed form (NFC), so that "café"
    /// typed on one system and stored decomposed by another is one class. Two folders whose names compose to the same
    /// class are refused: merging them silently could hide a mistake, keeping both would make two classes of one.
    /// </summary>
    public static IReadOnlyList<(string Name, string Path)> ClassFolders(string dir)
    {
        var folders = Directory.EnumerateDirectories(dir)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Select(d => (Name: Path.GetFileName(d).Normalize(NormalizationForm.FormC), Path: d))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Path, StringComparer.Ordinal)
            .ToList();
        foreach (var same in folders.GroupBy(c => c.Name).Where(g => g.Count() > 1))
            throw new FewshotException($"{string.Join(" and ", same.Select(c => $"'{c.Path}'"))} are the same class, '{same.Key}', " +
                                       "spelt with different Unicode characters (an accent composed or decomposed). Merge them into one folder.");
        return folders;
    }

    static List<LabelledImage> Collect(IReadOnlyList<(string Name, string Path)> folders, IReadOnlyList<string> classes, List<string> warnings)
    {
        var items = new List<LabelledImage>();
        for (int label = 0; label < classes.Count; label++)
        {
            var classDir = folders.FirstOrDefault(f => f.Name == classes[label]).Path;
            if (classDir is null) continue;
            int before = items.Count;
            foreach (var file in SafeEnumerateFiles(classDir, warnings).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith('.') || name.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase)) continue;
                if (!ImageExtensions.Contains(Path.GetExtension(file)))
                {
                    warnings.Add($"Skipped '{file}': not an image file type Fewshot reads (JPEG, PNG, GIF, BMP, WebP).");
                    continue;
                }
                items.Add(new LabelledImage(file, label));
            }
            if (items.Count == before)
                warnings.Add($"Class folder '{classDir}' holds no images.");
        }
        return items;
    }

    /// <summary>
    /// Every file under <paramref name="dir"/>. Folder links are followed once: a link back to a folder already
    /// read (a loop, which .NET's recursive enumeration would follow until the OS refuses), or up to a folder that
    /// holds <paramref name="dir"/> (which would read other classes' photos as this one's), is skipped with a warning.
    /// </summary>
    public static IReadOnlyList<string> SafeEnumerateFiles(string dir, List<string> warnings)
    {
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        var files = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        string top;
        try { top = RealPath.Of(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { top = Path.GetFullPath(dir); }
        var pending = new Stack<string>([dir]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            try
            {
                var real = RealPath.Of(current);
                if (!visited.Add(real))
                {
                    warnings.Add($"Skipped folder '{current}': it is a link to '{real}', which is already read (a folder link loop).");
                    continue;
                }
                if (real != top && RealPath.IsUnder(top, real))
                {
                    warnings.Add($"Skipped folder '{current}': it is a link to '{real}', a folder that holds '{dir}' " +
                                 "(reading it would take in photos from outside this folder).");
                    continue;
                }
                files.AddRange(Directory.EnumerateFiles(current, "*", options));
                foreach (var sub in Directory.EnumerateDirectories(current, "*", options).Order(StringComparer.Ordinal).Reverse())
                    pending.Push(sub);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"Could not list '{current}': {e.Message}");
            }
        }
        return files;
    }
}
