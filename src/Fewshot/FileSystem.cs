namespace Fewshot;

/// <summary>The few file operations whose failures matter (disk full, permission denied); a seam for tests.</summary>
public interface IFileSystem
{
    Stream Create(string path);
    void Move(string source, string destination, bool overwrite);
    void Delete(string path);
    /// <summary>Reads a whole file (photos); fails like the disk does: permission denied, I/O errors.</summary>
    byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);
}

public sealed class FileSystem : IFileSystem
{
    public static IFileSystem Default { get; } = new FileSystem();
    public Stream Create(string path) => new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
    public void Move(string source, string destination, bool overwrite) => File.Move(source, destination, overwrite);
    public void Delete(string path) => File.Delete(path);
}

/// <summary>
/// Writes a file through a temporary sibling and a rename: readers see the old file or the new one, never half. Temporary
/// siblings that a killed run left behind are removed the next time the file is written.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>A temporary sibling this old that no writer holds open was left by a run that was killed while writing.</summary>
    static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    public static void Write(string path, Action<Stream> write, IFileSystem? fileSystem = null)
    {
        fileSystem ??= FileSystem.Default;
        var full = FullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = TemporarySibling(full);
        try
        {
            Directory.CreateDirectory(directory);
            RemoveStaleSiblings(full, fileSystem);
            using (var stream = fileSystem.Create(temp)) write(stream);
            fileSystem.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(fileSystem, temp);
            throw new FewshotException($"Could not write '{full}': {e.Message.TrimEnd('.')}. The previous file, if any, is unchanged. " +
                                       "Check free disk space and permissions, or choose another place to write it.", e);
        }
        catch
        {
            TryDelete(fileSystem, temp);
            throw;
        }
    }

    /// <summary>
    /// Fails now, with the reason, if <paramref name="path"/> could not be written later: a long run checks its
    /// output before it starts, not after the work. Leaves nothing behind but the folder it would write into.
    /// </summary>
    public static void EnsureWritable(string path, IFileSystem? fileSystem = null)
    {
        fileSystem ??= FileSystem.Default;
        var full = FullPath(path);
        if (Directory.Exists(full))
            throw new FewshotException($"Cannot write '{full}': it is a folder. Choose another place to write it.");
        var directory = Path.GetDirectoryName(full)!;
        var probe = TemporarySibling(full);
        try
        {
            Directory.CreateDirectory(directory);
            using (fileSystem.Create(probe)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FewshotException($"Cannot write '{full}': {e.Message.TrimEnd('.')}. Check permissions and free disk space, " +
                                       "or choose another place to write it.", e);
        }
        finally
        {
            TryDelete(fileSystem, probe);
        }
    }

    /// <summary>A hidden, unique file name beside <paramref name="full"/>: written first, then renamed over it.</summary>
    static string TemporarySibling(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");

    [System.Text.RegularExpressions.GeneratedRegex(@"^\.[0-9a-f]{8}\.tmp$")]
    private static partial System.Text.RegularExpressions.Regex TemporarySuffix();

    /// <summary>
    /// Removes <paramref name="full"/>'s temporary siblings (named as <see cref="TemporarySibling"/> names them) that are
    /// older than <see cref="StaleAfter"/> and that no writer holds open: a writer creates its file exclusively, so a
    /// file that opens exclusively has none.
    /// </summary>
    static void RemoveStaleSiblings(string full, IFileSystem fileSystem)
    {
        var prefix = "." + Path.GetFileName(full);
        foreach (var sibling in new DirectoryInfo(Path.GetDirectoryName(full)!).EnumerateFiles(prefix + ".*"))
        {
            if (!sibling.Name.StartsWith(prefix, StringComparison.Ordinal) || !TemporarySuffix().IsMatch(sibling.Name[prefix.Length..])
                || DateTime.UtcNow - sibling.LastWriteTimeUtc < StaleAfter)
                continue;
            try
            {
                using (new FileStream(sibling.FullName, FileMode.Open, FileAccess.Read, FileShare.None)) { }
                fileSystem.Delete(sibling.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // held by a writer, or not ours to remove
        }
    }

    static string FullPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new FewshotException("No output file was named: give a file name.");
        try { return Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new FewshotException($"'{path}' is not a usable file name ({e.Message.TrimEnd('.')}).", e);
        }
    }

    static void TryDelete(IFileSystem fileSystem, string path)
    {
        try { fileSystem.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
