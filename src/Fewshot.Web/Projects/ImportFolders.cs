using Fewshot.Data;

namespace Fewshot.Web.Projects;

/// <summary>
/// The folders on the server that photos may be imported from: those under the roots the person starting the server
/// allowed (<c>--import-root</c>; by default their home directory), with links resolved before the check.
/// </summary>
public sealed class ImportFolders
{
    /// <summary>The allowed roots, links resolved; empty when import is off.</summary>
    public IReadOnlyList<string> Roots { get; }

    public ImportFolders(IEnumerable<string> roots)
    {
        Roots = roots.Select(root =>
        {
            var real = RealPath.Of(root);
            return Directory.Exists(real) ? real : throw new FewshotException($"--import-root '{root}' is not a folder on this machine.");
        }).Distinct().ToList();
    }

    /// <summary>The folder with its links resolved, or a <see cref="ForbiddenException"/> when it is not under an allowed root.</summary>
    public string Resolve(string folder)
    {
        if (Roots.Count == 0)
            throw new ForbiddenException("Folder import is turned off on this server (it was started with --import-root none): " +
                                         "drop the photos on the page instead.");
        string real;
        try { real = RealPath.Of(folder); }
        catch (IOException e) { throw new FewshotException($"'{folder}' cannot be followed to a folder ({e.Message})."); }
        if (!Allows(real))
            throw new ForbiddenException($"This server imports only from folders under {Describe()} (set when starting it with --import-root); " +
                                         $"'{folder}' is not under {(Roots.Count == 1 ? "it" : "them")}.");
        return real;
    }

    public bool Allows(string realPath) => Roots.Any(root => RealPath.IsUnder(realPath, root));

    /// <summary>Whether the file's name says it is a photo; only those are read, and only their names are ever shown.</summary>
    public static bool IsPhotoName(string fileName) => ImageFolder.ImageExtensions.Contains(Path.GetExtension(fileName));

    public string Describe() => string.Join(" and ", Roots);
}
