namespace Fewshot.Export;

/// <summary>
/// Keeps two runs from writing the same output at once, where the last writer would win: a lock file beside it
/// (<c>.NAME.lock</c>) held open exclusively while the run lasts. The lock is the operating system's, so a run that is
/// killed leaves no stale lock behind; the file itself is removed when the run ends.
/// </summary>
public sealed class OutputLock : IDisposable
{
    readonly FileStream _held;

    OutputLock(FileStream held) => _held = held;

    /// <summary>Takes the lock of <paramref name="output"/>, or fails saying another run holds it.</summary>
    public static OutputLock Acquire(string output)
    {
        var full = Path.GetFullPath(output);
        var path = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".lock");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return new OutputLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new FewshotException($"Another run is writing '{full}' now (it holds '{path}'). Wait for it to finish, " +
                                       "or choose another --out.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FewshotException($"Cannot write beside '{full}': {e.Message.TrimEnd('.')}. Check permissions, or choose another place to write it.", e);
        }
    }

    public void Dispose()
    {
        // Removed while still held, so no other run can take a lock on a file about to disappear.
        try { File.Delete(_held.Name); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _held.Dispose();
    }
}
