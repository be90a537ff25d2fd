namespace Fewshot;

/// <summary>Paths with every symbolic link resolved, so a check of where a path leads cannot be fooled by a link.</summary>
public static class RealPath
{
    const int MaxLinks = 40;

    /// <summary>The absolute path <paramref name="path"/> leads to, following links in every component (which need not exist).</summary>
    /// <exception cref="IOException">The links loop or nest too deeply.</exception>
    public static string Of(string path) => Resolve(Path.GetFullPath(path), 0);

    static string Resolve(string full, int depth)
    {
        if (depth > MaxLinks) throw new IOException($"Too many levels of links in '{full}'.");
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            // A relative target is relative to the link's folder; the target may hold links of its own.
            current = target is null ? next : Resolve(Path.GetFullPath(target, current), depth + 1);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it (both already resolved).</summary>
    public static bool IsUnder(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                                   !Path.IsPathRooted(relative));
    }
}
