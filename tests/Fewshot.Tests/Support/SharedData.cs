namespace Fewshot.Tests.Support;

/// <summary>
/// Locates the shared test material (real photos, reference outputs) that lives beside the repository
/// in ../shared and is never copied into it. Tests that need it skip with a visible reason when absent.
/// </summary>
public static class SharedData
{
    static readonly Lazy<string?> RootPath = new(FindRoot);

    /// <summary>The shared folder, or null. $FEWSHOT_SHARED overrides the search.</summary>
    public static string? Root => RootPath.Value;

    /// <summary>Path of a folder or file under shared/, or skips the calling test when it is absent.</summary>
    public static string Require(string relativePath)
    {
        if (Root is null)
            Assert.Skip("needs ../shared beside the repository (real photos and reference outputs); not found");
        var path = Path.Combine(Root, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Skip($"needs {path}; not found");
        return path;
    }

    /// <summary>A dataset folder under shared/datasets, or skips.</summary>
    public static string Dataset(string name) => Require(Path.Combine("datasets", name));

    /// <summary>The repository root (the folder holding Fewshot.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fewshot.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Fewshot.slnx above " + AppContext.BaseDirectory);
    }

    static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("FEWSHOT_SHARED");
        if (!string.IsNullOrEmpty(fromEnv)) return Directory.Exists(fromEnv) ? fromEnv : null;
        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(beside, "datasets")) ? beside : null;
    }
}
